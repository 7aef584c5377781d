import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { providerEndpoint } from "../bots/index.ts";
import { identitySecretContext } from "../conversations/index.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { ENCRYPTED_COLUMNS, SECRET_CONTEXTS } from "./encrypted-columns.ts";
import { createLogger } from "./logger.ts";
import { rotateSecrets, secretKeyUsage } from "./secret-rotation.ts";
import { ciphertextKeyId, decryptSecret, encryptSecret, keyId, secretKeyring } from "./secrets.ts";

// KEFU_SECRET_KEY rotation end to end: secrets written through the dashboard's procedures under
// key A; B becomes current with A kept as previous; everything still opens; the job re-encrypts
// every encrypted column under B in batches; with A removed everything still opens.
const t = useTestDb();
afterEach(() => vi.unstubAllEnvs());
const [A, B, C] = [randomBytes(32), randomBytes(32), randomBytes(32)];
const hex = (k: Buffer) => k.toString("hex");

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { lines, log };
}

describe("secret key rotation", () => {
  it("re-encrypts every encrypted column under the new key, idempotently, and the old key can then go", async () => {
    vi.stubEnv("KEFU_SECRET_KEY", hex(A));
    const owner = await ownerOfNewTenant(t.db, "Rotation");
    const providers: { id: string }[] = [];
    for (const n of [1, 2, 3]) {
      providers.push(await owner.caller.provider.create({ name: `P${n}`, kind: "OPENAI_COMPATIBLE", baseUrl: "https://api.example.com/v1", apiKey: `sk-${n}` }));
    }
    const hook = await owner.caller.webhook.create({ url: "https://hooks.example.com/kefu", events: ["contact.left"] });
    const bot = await owner.caller.bot.create({ name: "Bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const identity = await owner.caller.bot.rotateIdentitySecret({ id: bot.id });
    // One provider key in the format written before key ids (v1), made with A.
    const legacy = encryptSecret("sk-1", owner.tenantId, A).split(":");
    const v1 = ["v1", ...legacy.slice(2)].join(":");
    await t.db.aiProvider.update({ where: { id: providers[0]!.id }, data: { apiKeyCiphertext: v1 } });

    const readAll = async () => ({
      apiKeys: await Promise.all(providers.map(async (p) => (await providerEndpoint(t.db, owner.tenantId, p.id)).apiKey)),
      webhook: decryptSecret((await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.endpoint.id } })).secretCiphertext, SECRET_CONTEXTS.webhookSecret(owner.tenantId)),
      identity: decryptSecret((await t.db.bot.findUniqueOrThrow({ where: { id: bot.id } })).identitySecretCiphertext!, identitySecretContext(owner.tenantId, bot.id)),
    });
    const expected = { apiKeys: ["sk-1", "sk-2", "sk-3"], webhook: hook.secret, identity: identity.secret };
    expect(await readAll()).toEqual(expected);

    // B current, A previous: everything still opens.
    vi.stubEnv("KEFU_SECRET_KEY", hex(B));
    vi.stubEnv("KEFU_SECRET_KEY_PREVIOUS", hex(A));
    expect(await readAll()).toEqual(expected);
    expect(await secretKeyUsage(t.db)).toEqual({ byKey: { v1: 1, [keyId(A)]: 4 }, notCurrent: 5 });

    const first = capture();
    const report = await rotateSecrets(t.db, { batchSize: 2, log: first.log });
    expect(report.columns).toEqual([
      { table: "AiProvider", column: "apiKeyCiphertext", reEncrypted: 3, failed: 0 },
      { table: "WebhookEndpoint", column: "secretCiphertext", reEncrypted: 1, failed: 0 },
      { table: "Bot", column: "identitySecretCiphertext", reEncrypted: 1, failed: 0 },
    ]);
    expect(report.usage).toEqual({ byKey: { [keyId(B)]: 5 }, notCurrent: 0 });
    // Progress per batch (3 provider rows in batches of 2), then the line that says A is unused.
    expect(first.lines.filter((l) => l.msg === "secrets.rotation_progress" && l.table === "AiProvider").map((l) => l.reEncrypted)).toEqual([2, 3]);
    expect(first.lines.at(-1)).toMatchObject({ msg: "secrets.previous_keys_unused", currentKeyId: keyId(B), previousKeyIds: [keyId(A)], notCurrent: 0 });

    // Idempotent: nothing left to do.
    const again = await rotateSecrets(t.db, { log: capture().log });
    expect(again.columns.map((c) => c.reEncrypted + c.failed)).toEqual([0, 0, 0]);

    // A removed: everything still opens with B alone.
    vi.stubEnv("KEFU_SECRET_KEY_PREVIOUS", "");
    expect(await readAll()).toEqual(expected);
  });

  it("counts and reports what it cannot open, and says the old key is still in use", async () => {
    vi.stubEnv("KEFU_SECRET_KEY", hex(B));
    const owner = await ownerOfNewTenant(t.db, "Unknown key");
    const provider = await owner.caller.provider.create({ name: "P", kind: "OPENAI_COMPATIBLE", baseUrl: "https://api.example.com/v1", apiKey: "sk-c" });
    const underC = encryptSecret("sk-c", owner.tenantId, C);
    await t.db.aiProvider.update({ where: { id: provider.id }, data: { apiKeyCiphertext: underC } });
    await expect(providerEndpoint(t.db, owner.tenantId, provider.id)).rejects.toMatchObject({ reason: "secret_key_unknown" });

    const { lines, log } = capture();
    const report = await rotateSecrets(t.db, { log });
    expect(report.columns[0]).toMatchObject({ table: "AiProvider", failed: 1 });
    expect(report.usage.byKey[keyId(C)]).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "secrets.rotation_skipped", table: "AiProvider", skipped: 1, byKey: { [`${keyId(C)} secret_key_unknown`]: 1 }, ids: [provider.id] }),
    );
    expect(lines.at(-1)).toMatchObject({ msg: "secrets.old_key_in_use", level: "warn", notCurrent: 1 });
    // The row is left as it was.
    expect((await t.db.aiProvider.findUniqueOrThrow({ where: { id: provider.id } })).apiKeyCiphertext).toBe(underC);
    expect(ciphertextKeyId(underC)).toBe(keyId(C));
    // With C configured as previous, the next run takes it.
    vi.stubEnv("KEFU_SECRET_KEY_PREVIOUS", hex(C));
    expect((await rotateSecrets(t.db, { log: capture().log })).columns[0]).toMatchObject({ reEncrypted: 1, failed: 0 });
    expect(decryptSecret((await t.db.aiProvider.findUniqueOrThrow({ where: { id: provider.id } })).apiKeyCiphertext!, owner.tenantId, secretKeyring())).toBe("sk-c");
  });

  it("lists every encrypted column in the docs", async () => {
    const { readFile } = await import("node:fs/promises");
    const doc = await readFile(new URL("../../../../docs/security.md", import.meta.url), "utf8");
    for (const { table, column } of ENCRYPTED_COLUMNS) expect(doc).toContain(`${table}.${column}`);
  });
});
