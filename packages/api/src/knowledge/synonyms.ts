import type { Db, DbTx } from "@kefu/db";
import { compileSynonyms, DomainError, notFound, SERVICE_SYNONYMS, SYNONYM_LIMITS, synonymKey, withSynonyms, type Synonyms } from "@kefu/domain";

// A tenant's own synonym sets (SynonymSet): words its customers use for the same thing, the first
// the main word. Retrieval reads them before the built-in sets (retrieval-cache.ts); every change
// bumps Tenant.synonymsVersion in its transaction, which each process compares to rebuild its indexes.

const SET_FIELDS = { id: true, terms: true, updatedAt: true } as const;
/** The order a tenant's sets are listed and applied in (a word in two sets belongs to the first). */
const SET_ORDER = [{ createdAt: "asc" as const }, { id: "asc" as const }];

/** The tenant's sets, the built-in ones (read-only) and the limits, for the dashboard. */
export async function listSynonymSets(db: DbTx, tenantId: string) {
  const sets = await db.synonymSet.findMany({ where: { tenantId }, orderBy: SET_ORDER, select: SET_FIELDS });
  return { sets, builtin: SERVICE_SYNONYMS.map((set) => [...set]), limits: SYNONYM_LIMITS };
}

export function createSynonymSet(db: Db, tenantId: string, terms: string[]) {
  return db.$transaction(async (tx) => {
    await bumpVersion(tx, tenantId);
    const count = await tx.synonymSet.count({ where: { tenantId } });
    if (count >= SYNONYM_LIMITS.sets) {
      throw new DomainError("BAD_REQUEST", "synonym_sets_full", `A workspace has at most ${SYNONYM_LIMITS.sets} synonym sets.`);
    }
    await refuseTaken(tx, tenantId, terms, null);
    return tx.synonymSet.create({ data: { tenantId, terms }, select: SET_FIELDS });
  });
}

export function updateSynonymSet(db: Db, tenantId: string, id: string, terms: string[]) {
  return db.$transaction(async (tx) => {
    await bumpVersion(tx, tenantId);
    await refuseTaken(tx, tenantId, terms, id);
    const updated = await tx.synonymSet.updateManyAndReturn({ where: { id, tenantId }, data: { terms }, select: SET_FIELDS });
    if (!updated[0]) throw notFound("synonym_set");
    return updated[0];
  });
}

/** Deletes one of the tenant's sets; another tenant's id is "not found", like a missing one. */
export function deleteSynonymSet(db: Db, tenantId: string, id: string) {
  return db.$transaction(async (tx) => {
    const deleted = await tx.synonymSet.deleteMany({ where: { id, tenantId } });
    if (deleted.count === 0) throw notFound("synonym_set");
    await bumpVersion(tx, tenantId);
    return { id };
  });
}

/** Also locks the tenant's row: concurrent edits of its sets run one after the other, so checks hold. */
async function bumpVersion(tx: DbTx, tenantId: string): Promise<void> {
  await tx.tenant.update({ where: { id: tenantId }, data: { synonymsVersion: { increment: 1 } }, select: { id: true } });
  // Calibrations were measured with the old sets: out of date, as after a content change, so the
  // worker measures them again (calibration.ts); answering keeps the last one meanwhile.
  await tx.knowledgeCalibration.updateMany({ where: { tenantId }, data: { contentVersion: new Date(0) } });
}

/** A word may be in one of the tenant's sets only: in two, it would silently belong to the first. */
async function refuseTaken(tx: DbTx, tenantId: string, terms: readonly string[], exceptId: string | null): Promise<void> {
  const others = await tx.synonymSet.findMany({ where: { tenantId, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { terms: true } });
  const owner = new Map<string, string[]>();
  for (const set of others) for (const term of set.terms) owner.set(synonymKey(term), set.terms);
  for (const term of terms) {
    const set = owner.get(synonymKey(term));
    if (set) {
      throw new DomainError("CONFLICT", "synonym_taken", `"${term}" is already in the set "${set.join(", ")}". A word can be in one set only.`, {
        term,
        set: set.join(", "),
      });
    }
  }
}

// Compiled sets per tenant and version, shared by the knowledge bases of a tenant in this process.
const compiled = new Map<string, { version: number; synonyms: Synonyms }>();
const MAX_COMPILED = 500;

/**
 * The synonyms a tenant's knowledge and questions are read with: its own sets, then the built-in
 * ones. `version` is Tenant.synonymsVersion as the caller read it: while it matches, no query.
 */
export async function tenantSynonyms(db: DbTx, tenantId: string, version: number): Promise<Synonyms> {
  const hit = compiled.get(tenantId);
  if (hit && hit.version === version) return hit.synonyms;
  // The version is read with the sets: what is cached is always labelled with what it holds.
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: { synonymsVersion: true, synonymSets: { orderBy: SET_ORDER, select: { terms: true } } },
  });
  const sets = tenant?.synonymSets.map((s) => s.terms) ?? [];
  // Equal sets compile to the same object, so indexes built with it are kept (see retrieval-cache.ts).
  const fresh = compileSynonyms(withSynonyms(sets, SERVICE_SYNONYMS));
  const synonyms = hit && hit.synonyms.key === fresh.key ? hit.synonyms : fresh;
  compiled.delete(tenantId);
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(tenantId, { version: tenant?.synonymsVersion ?? version, synonyms });
  return synonyms;
}

/** `tenantSynonyms` at the tenant's current version (one query while unchanged). */
export async function currentTenantSynonyms(db: DbTx, tenantId: string): Promise<Synonyms> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { synonymsVersion: true } });
  return tenantSynonyms(db, tenantId, tenant?.synonymsVersion ?? 0);
}

/** Drops the compiled sets (tests). */
export function resetTenantSynonyms(): void {
  compiled.clear();
}
