import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { type DbTx } from "@kefu/db";
import { readApiEnv, type ApiEnv } from "./env.ts";

/**
 * Where the bytes of chat images live, behind one interface: a local folder by default, an
 * S3-compatible bucket when KEFU_S3_BUCKET is set. Keys are chosen by Kefu
 * (`<tenantId>/<conversationId>/<attachmentId>`), never by a client; the database row
 * (Attachment) is what says who may read them.
 */
export interface AttachmentStorage {
  /** Stores `bytes` under `key`, replacing what was there. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** What the store is, for logs and the health of the setup ("folder /srv/kefu/attachments", "s3 bucket"). */
  readonly description: string;
}

// Ids are cuids and tenant ids: letters, digits, dashes and underscores, joined by slashes.
const KEY = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,64}){0,3}$/;

function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Invalid attachment key: ${JSON.stringify(key.slice(0, 80))}`);
  return key;
}

/** A folder on this machine: one file per key, written to a temporary name and renamed, so a reader never sees half a file. */
export function folderStorage(root: string): AttachmentStorage {
  const fileOf = (key: string) => path.join(root, ...checkedKey(key).split("/"));
  return {
    description: `folder ${root}`,
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.${Date.now()}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, file);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Alibaba OSS, Tencent COS…), addressed
 * path-style (`<endpoint>/<bucket>/<key>`), which every one of them accepts. Requests are signed
 * with AWS Signature V4 by aws4fetch and sent with fetch: a few kilobytes instead of an SDK.
 */
export function s3Storage(settings: S3Settings): AttachmentStorage {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    region: settings.region,
    service: "s3",
    // The apps answer visitors: a store that fails is reported, not retried for seconds.
    retries: 1,
  });
  const base = settings.endpoint.replace(/\/+$/, "");
  const urlOf = (key: string) => `${base}/${encodeURIComponent(settings.bucket)}/${checkedKey(key)}`;
  const failed = async (operation: string, response: Response) => {
    const body = (await response.text().catch(() => "")).slice(0, 300);
    return new Error(`S3 ${operation} failed: HTTP ${response.status} ${body}`);
  };
  return {
    description: `s3 bucket ${settings.bucket} at ${base}`,
    async put(key, bytes, contentType) {
      const response = await client.fetch(urlOf(key), {
        method: "PUT",
        body: bytes.slice(),
        headers: { "content-type": contentType, "content-length": String(bytes.length) },
      });
      if (!response.ok) throw await failed("put", response);
      await response.body?.cancel();
    },
    async get(key) {
      const response = await client.fetch(urlOf(key), { method: "GET" });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) throw await failed("get", response);
      return new Uint8Array(await response.arrayBuffer());
    },
    async delete(key) {
      const response = await client.fetch(urlOf(key), { method: "DELETE" });
      if (!response.ok && response.status !== 404) throw await failed("delete", response);
      await response.body?.cancel();
    },
  };
}

/** The store the environment configures: the S3 bucket when KEFU_S3_BUCKET is set, else the folder. */
export function storageFromEnv(env: ApiEnv = readApiEnv()): AttachmentStorage {
  if (env.KEFU_S3_BUCKET) {
    const { KEFU_S3_ENDPOINT: endpoint, KEFU_S3_ACCESS_KEY_ID: accessKeyId, KEFU_S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
    if (!endpoint || !accessKeyId || !secretAccessKey) {
      throw new Error("KEFU_S3_BUCKET is set: KEFU_S3_ENDPOINT, KEFU_S3_ACCESS_KEY_ID and KEFU_S3_SECRET_ACCESS_KEY are needed too.");
    }
    return s3Storage({ endpoint, bucket: env.KEFU_S3_BUCKET, region: env.KEFU_S3_REGION, accessKeyId, secretAccessKey });
  }
  return folderStorage(path.resolve(env.KEFU_ATTACHMENTS_DIR ?? path.join(env.KEFU_DATA_DIR, "attachments")));
}

let configured: AttachmentStorage | null = null;

/** This process's store (read from the environment on first use). */
export function attachmentStorage(): AttachmentStorage {
  configured ??= storageFromEnv();
  return configured;
}

/** Stored keys of the tenant's conversations' attachments (read before the rows go, to remove the bytes after). */
export async function attachmentKeysOf(db: DbTx, tenantId: string, conversationIds: string[]): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db.attachment.findMany({ where: { tenantId, conversationId: { in: conversationIds } }, select: { key: true } });
  return rows.map((r) => r.key);
}

/**
 * Removes the bytes of deleted attachments. Runs after the rows' transaction committed: a rolled
 * back deletion keeps its images. A store that fails leaves the bytes (logged), never the rows.
 */
export async function removeStoredImages(storage: AttachmentStorage, keys: string[], log?: (error: unknown, key: string) => void): Promise<number> {
  let removed = 0;
  for (const key of keys) {
    try {
      await storage.delete(key);
      removed++;
    } catch (error) {
      log?.(error, key);
    }
  }
  return removed;
}
