import { listProviderModels, ProviderError, type ProviderEndpoint } from "@kefu/ai";
import { type Db, type DbTx } from "@kefu/db";
import { DomainError, notFound, type CreateProviderRequest, type UpdateProviderRequest } from "@kefu/domain";
import { SECRET_CONTEXTS } from "../platform/encrypted-columns.ts";
import { decryptSecret, encryptSecret } from "../platform/secrets.ts";

// AI providers of a tenant. The API key is stored encrypted (bound to the tenant) and never
// leaves the server: clients see `hasKey` only.

const ROW = { id: true, name: true, kind: true, baseUrl: true, apiKeyCiphertext: true, createdAt: true, updatedAt: true } as const;

type ProviderRow = {
  id: string;
  name: string;
  kind: "OPENAI_COMPATIBLE" | "OLLAMA";
  baseUrl: string;
  apiKeyCiphertext: string | null;
  createdAt: Date;
  updatedAt: Date;
};

function toView({ apiKeyCiphertext, ...rest }: ProviderRow) {
  return { ...rest, hasKey: apiKeyCiphertext !== null };
}
export type ProviderView = ReturnType<typeof toView>;

export async function listProviders(db: DbTx, tenantId: string): Promise<ProviderView[]> {
  const rows = await db.aiProvider.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: ROW });
  return rows.map(toView);
}

async function findProvider(db: DbTx, tenantId: string, id: string): Promise<ProviderRow> {
  const row = await db.aiProvider.findFirst({ where: { id, tenantId }, select: ROW });
  if (!row) throw notFound("provider");
  return row;
}

export async function getProvider(db: DbTx, tenantId: string, id: string): Promise<ProviderView> {
  return toView(await findProvider(db, tenantId, id));
}

export async function createProvider(db: Db, tenantId: string, input: CreateProviderRequest): Promise<ProviderView> {
  const row = await db.aiProvider.create({
    data: {
      tenantId,
      name: input.name,
      kind: input.kind,
      baseUrl: input.baseUrl,
      apiKeyCiphertext: input.apiKey ? encryptSecret(input.apiKey, SECRET_CONTEXTS.aiProviderApiKey(tenantId)) : null,
    },
    select: ROW,
  });
  return toView(row);
}

export async function updateProvider(db: Db, tenantId: string, id: string, input: Omit<UpdateProviderRequest, "id">): Promise<ProviderView> {
  // Encrypt before writing so a missing server secret fails the whole update (check, then write).
  const apiKeyCiphertext = input.apiKey ? encryptSecret(input.apiKey, SECRET_CONTEXTS.aiProviderApiKey(tenantId)) : input.clearApiKey ? null : undefined;
  const { count } = await db.aiProvider.updateMany({
    where: { id, tenantId },
    data: { name: input.name, kind: input.kind, baseUrl: input.baseUrl, ...(apiKeyCiphertext !== undefined ? { apiKeyCiphertext } : {}) },
  });
  if (count === 0) throw notFound("provider");
  return getProvider(db, tenantId, id);
}

/** Bots using the provider go back to the built-in model (the foreign keys set null). */
export async function deleteProvider(db: Db, tenantId: string, id: string) {
  return db.$transaction(async (tx) => {
    // Through the ORM rather than the foreign key's SET NULL, so the bots' updatedAt moves and
    // answering processes reload their cached settings (chat/answer-config.ts).
    await tx.bot.updateMany({ where: { tenantId, chatProviderId: id }, data: { chatProviderId: null } });
    await tx.bot.updateMany({ where: { tenantId, embeddingProviderId: id }, data: { embeddingProviderId: null } });
    const { count } = await tx.aiProvider.deleteMany({ where: { id, tenantId } });
    if (count === 0) throw notFound("provider");
    // Bots that searched with this provider's vectors go back to the built-in ones.
    await tx.bot.updateMany({ where: { tenantId, activeEmbeddingKey: { startsWith: `${id}:` } }, data: { activeEmbeddingKey: "builtin" } });
    return { id };
  });
}

/** The provider's endpoint with its key decrypted: for server-side calls only. */
export async function providerEndpoint(db: DbTx, tenantId: string, id: string): Promise<ProviderEndpoint> {
  const row = await findProvider(db, tenantId, id);
  return {
    kind: row.kind,
    baseUrl: row.baseUrl,
    ...(row.apiKeyCiphertext ? { apiKey: decryptSecret(row.apiKeyCiphertext, SECRET_CONTEXTS.aiProviderApiKey(tenantId)) } : {}),
  };
}

const TEST_MESSAGES: Record<ProviderError["reason"], string> = {
  unreachable: "Could not connect to the provider. Check the base URL and that the server is running.",
  timeout: "The provider did not answer in time.",
  unauthorized: "The provider refused the API key.",
  not_found: "The provider has no model list at this base URL. OpenAI-compatible URLs usually end in /v1.",
  rate_limited: "The provider is rate-limiting requests. Try again later.",
  server_error: "The provider reported an error.",
  bad_response: "The provider answered, but not like an OpenAI-compatible or Ollama server.",
  empty: "The provider returned an empty answer.",
};

/** A real call to the provider's model list: proves the URL and the key. */
export async function testProvider(db: DbTx, tenantId: string, id: string) {
  const endpoint = await providerEndpoint(db, tenantId, id);
  try {
    const models = await listProviderModels(endpoint);
    return { ok: true as const, models: models.slice(0, 200) };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const status = error.status ? ` (HTTP ${error.status})` : "";
    throw new DomainError("BAD_REQUEST", `provider_${error.reason}`, `${TEST_MESSAGES[error.reason]}${status}`);
  }
}
