import { type Db } from "@kefu/db";
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from "./encrypted-columns.ts";
import { rootLogger, type Logger } from "./logger.ts";
import { ciphertextKeyId, decryptSecret, encryptSecret, secretKeyring, type Keyring } from "./secrets.ts";

/**
 * Re-encrypts every secret of ENCRYPTED_COLUMNS that is not under the current key (made with a key
 * of KEFU_SECRET_KEY_PREVIOUS, or in the v1 format) in batches, by id order (keyset pages, so a value
 * that cannot be opened is counted once, not retried forever). Each write is conditional on the
 * value read, so two processes rotating at once, or a secret changed meanwhile, lose nothing.
 * Idempotent: a second run finds nothing to do. Table and column names come from the constant list,
 * never from input.
 */
export interface ColumnReport {
  table: string;
  column: string;
  reEncrypted: number;
  failed: number;
}

export interface KeyUsage {
  /** Values per key id ("v1" for the format without one); the current key's included. */
  byKey: Record<string, number>;
  /** Values not under the current key: while above 0, the previous keys are still needed. */
  notCurrent: number;
}

export async function rotateSecrets(
  db: Db,
  options: { keyring?: Keyring; batchSize?: number; log?: Logger } = {},
): Promise<{ currentKeyId: string; columns: ColumnReport[]; usage: KeyUsage }> {
  const ring = options.keyring ?? secretKeyring();
  const log = options.log ?? rootLogger().child({ worker: "secret-rotation" });
  const batchSize = options.batchSize ?? 100;
  const columns: ColumnReport[] = [];
  for (const spec of ENCRYPTED_COLUMNS) columns.push(await rotateColumn(db, spec, ring, batchSize, log));
  const usage = await secretKeyUsage(db, ring);
  const done = { currentKeyId: ring.current.id, previousKeyIds: ring.previous.map((k) => k.id), columns, byKey: usage.byKey };
  if (usage.notCurrent > 0) {
    log.warn({ ...done, notCurrent: usage.notCurrent }, "secrets.old_key_in_use");
  } else {
    log.info({ ...done, notCurrent: 0 }, ring.previous.length > 0 ? "secrets.previous_keys_unused" : "secrets.rotation_done");
  }
  return { currentKeyId: ring.current.id, columns, usage };
}

async function rotateColumn(db: Db, spec: EncryptedColumn, ring: Keyring, batchSize: number, log: Logger): Promise<ColumnReport> {
  const report: ColumnReport = { table: spec.table, column: spec.column, reEncrypted: 0, failed: 0 };
  const { table, column } = spec;
  let after = "";
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ id: string; tenantId: string; ciphertext: string }[]>(
      `SELECT "id", "tenantId", "${column}" AS ciphertext FROM "${table}"
        WHERE "${column}" IS NOT NULL AND "${column}" NOT LIKE $1 AND "id" > $2 ORDER BY "id" LIMIT $3`,
      `v2:${ring.current.id}:%`,
      after,
      batchSize,
    );
    if (rows.length === 0) break;
    // What could not be opened in this batch, by key id and reason: one warning line per batch.
    const skipped: { id: string; keyId: string; reason: string }[] = [];
    for (const row of rows) {
      let fresh: string;
      try {
        fresh = encryptSecret(decryptSecret(row.ciphertext, spec.context(row), ring), spec.context(row), ring);
      } catch (error) {
        report.failed++;
        skipped.push({ id: row.id, keyId: ciphertextKeyId(row.ciphertext) ?? "v1", reason: (error as { reason?: string }).reason ?? "error" });
        continue;
      }
      const changed = await db.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = $1 WHERE "id" = $2 AND "${column}" = $3`, fresh, row.id, row.ciphertext);
      report.reEncrypted += changed;
    }
    if (skipped.length > 0) {
      const byKey = Object.fromEntries([...new Set(skipped.map((x) => `${x.keyId} ${x.reason}`))].map((k) => [k, skipped.filter((x) => `${x.keyId} ${x.reason}` === k).length]));
      log.warn({ table, column, skipped: skipped.length, byKey, ids: skipped.slice(0, 5).map((x) => x.id) }, "secrets.rotation_skipped");
    }
    after = rows.at(-1)!.id;
    log.info({ ...report }, "secrets.rotation_progress");
  }
  return report;
}

/** How many stored secrets each key made (from the ids in the ciphertexts; nothing is decrypted). */
export async function secretKeyUsage(db: Db, ring: Keyring = secretKeyring()): Promise<KeyUsage> {
  const byKey: Record<string, number> = {};
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const rows = await db.$queryRawUnsafe<{ key: string; count: bigint | number }[]>(
      `SELECT CASE WHEN split_part("${column}", ':', 1) = 'v2' THEN split_part("${column}", ':', 2) ELSE 'v1' END AS key, count(*) AS count
         FROM "${table}" WHERE "${column}" IS NOT NULL GROUP BY 1`,
    );
    for (const row of rows) byKey[row.key] = (byKey[row.key] ?? 0) + Number(row.count);
  }
  const notCurrent = Object.entries(byKey).reduce((sum, [key, count]) => (key === ring.current.id ? sum : sum + count), 0);
  return { byKey, notCurrent };
}
