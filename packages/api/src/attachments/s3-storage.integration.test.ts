import { mkdtemp, rm } from "node:fs/promises";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
// s3rver: an S3-compatible server in Node (devDependency). It parses the AWS Signature V4
// Authorization header and checks the access key, but does not recompute V4 signatures: the
// signing itself is aws4fetch's (tested against AWS's own examples in that library).
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApiEnv } from "../platform/env.ts";
import { s3Storage, storageFromEnv, type S3Settings } from "../platform/attachment-store.ts";

const BUCKET = "kefu-attachments";
let server: { close(): Promise<void> };
let dir: string;
let settings: S3Settings;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kefu-s3-"));
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  const address: AddressInfo = await s3.run();
  server = s3;
  settings = { endpoint: `http://127.0.0.1:${address.port}`, bucket: BUCKET, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the S3-compatible attachment store", () => {
  it("puts, gets and deletes an image with signed requests", async () => {
    const storage = s3Storage(settings);
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await storage.put("tenant1/conv1/img1", bytes, "image/png");
    expect(await storage.get("tenant1/conv1/img1")).toEqual(bytes);
    await storage.delete("tenant1/conv1/img1");
    expect(await storage.get("tenant1/conv1/img1")).toBeNull();
    // Deleting what is not there is not an error.
    await storage.delete("tenant1/conv1/img1");
  });

  it("reports a refusal with its status (an unknown access key), and a missing bucket", async () => {
    const stranger = s3Storage({ ...settings, accessKeyId: "NOT-A-KEY" });
    await expect(stranger.put("tenant1/conv1/img2", new Uint8Array([1]), "image/png")).rejects.toThrow(/S3 put failed: HTTP 403 .*InvalidAccessKeyId/s);
    const nowhere = s3Storage({ ...settings, bucket: "no-such-bucket" });
    await expect(nowhere.put("tenant1/conv1/img2", new Uint8Array([1]), "image/png")).rejects.toThrow(/S3 put failed: HTTP 404/);
  });

  it("refuses keys Kefu would never make (no path tricks into another tenant's folder)", async () => {
    const storage = s3Storage(settings);
    await expect(storage.put("../tenant2/x", new Uint8Array([1]), "image/png")).rejects.toThrow(/Invalid attachment key/);
  });

  it("is the store the environment chooses when KEFU_S3_BUCKET is set, and says what is missing", async () => {
    const env = (vars: Record<string, string>) => storageFromEnv(readApiEnv(vars));
    expect(env({ KEFU_S3_BUCKET: BUCKET, KEFU_S3_ENDPOINT: settings.endpoint, KEFU_S3_ACCESS_KEY_ID: "S3RVER", KEFU_S3_SECRET_ACCESS_KEY: "S3RVER" }).description).toMatch(/^s3 bucket/);
    expect(() => env({ KEFU_S3_BUCKET: BUCKET })).toThrow(/KEFU_S3_ENDPOINT/);
    expect(env({ KEFU_ATTACHMENTS_DIR: "/srv/kefu/images" }).description).toBe("folder /srv/kefu/images");
    expect(env({ KEFU_DATA_DIR: "/srv/kefu" }).description).toBe("folder /srv/kefu/attachments");
  });
});
