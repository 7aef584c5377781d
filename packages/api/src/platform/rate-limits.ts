import { createHash } from "node:crypto";
import { type Db } from "@kefu/db";
import { RateLimitedError } from "@kefu/domain";
import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { readApiEnv, type ApiEnv } from "./env.ts";
import { rootLogger } from "./logger.ts";

/**
 * Every rate limit of Kefu, in one place (docs/security.md "Rate limits and brute force").
 * rate-limiter-flexible counts in the database (RateLimiterPrisma on the RateLimiterFlexible
 * model), so the chat replicas and the admin app share each counter; an in-memory limiter of the
 * same size stands in while the database does not answer (the library's insurance strategy, with
 * a time bound: see STORE_TIMEOUT_MS).
 */
export const RATE_LIMITS = {
  /** Messages of one visitor (token): a short burst … */
  visitorBurst: { env: "KEFU_RATE_VISITOR_BURST", reason: "visitor_messages", inMemoryBlock: true },
  /** … and over an hour. */
  visitorSustained: { env: "KEFU_RATE_VISITOR_SUSTAINED", reason: "visitor_messages", inMemoryBlock: true },
  /** Feedback of one visitor (token): answer votes, CSAT ratings and ending the conversation. */
  visitorFeedback: { env: "KEFU_RATE_VISITOR_FEEDBACK", reason: "visitor_feedback", inMemoryBlock: true },
  /** Images one visitor (token) uploads (each also counts as a message above). */
  visitorUploads: { env: "KEFU_RATE_VISITOR_UPLOADS", reason: "visitor_uploads", inMemoryBlock: true },
  /** Reads of one visitor's images (the image route and its signed links), per visitor. */
  visitorImageReads: { env: "KEFU_RATE_VISITOR_IMAGE_READS", reason: "visitor_image_reads", inMemoryBlock: true },
  /** Other calls of one visitor (token) that read or store something: the pre-chat form's answers, the agents' names and pictures. */
  visitorRequests: { env: "KEFU_RATE_VISITOR_REQUESTS", reason: "visitor_requests", inMemoryBlock: true },
  /** Visitor messages to one bot, and to all bots of one tenant: no tenant starves the others. */
  botMessages: { env: "KEFU_RATE_BOT_MESSAGES", reason: "bot_busy", inMemoryBlock: true },
  tenantMessages: { env: "KEFU_RATE_TENANT_MESSAGES", reason: "tenant_busy", inMemoryBlock: true },
  /** New chat sessions (chat.start) per client IP. */
  chatStartIp: { env: "KEFU_RATE_CHAT_START_IP", reason: "chat_starts", inMemoryBlock: true },
  /** Agents' pictures (a public route, chat/agent-pictures.ts) per client IP. */
  agentPictureIp: { env: "KEFU_RATE_AGENT_PICTURE_IP", reason: "agent_pictures", inMemoryBlock: true },
  signUpIp: { env: "KEFU_RATE_SIGNUP_IP", reason: "sign_ups", inMemoryBlock: true },
  loginIp: { env: "KEFU_RATE_LOGIN_IP", reason: "login_attempts", inMemoryBlock: true },
  inviteIp: { env: "KEFU_RATE_INVITE_IP", reason: "invite_attempts", inMemoryBlock: true },
  /** Reset requests and reset completions per IP (two counters of this size). */
  passwordResetIp: { env: "KEFU_RATE_PASSWORD_RESET_IP", reason: "password_resets", inMemoryBlock: true },
  /** Sign-in attempts on one account since its last success; past them, locked (no in-memory block: a success elsewhere resets it). */
  loginAccount: { env: "KEFU_LOGIN_LOCKOUT", reason: "account_locked", inMemoryBlock: false },
  /** The wait after a failed sign-in (a key blocked for 1, 2, 4, … s; see tenancy/sign-in-limits.ts). */
  loginBackoff: { env: "KEFU_LOGIN_LOCKOUT", reason: "login_backoff", inMemoryBlock: false },
} as const satisfies Record<string, { env: keyof ApiEnv; reason: string; inMemoryBlock: boolean }>;

export type RateLimitName = keyof typeof RATE_LIMITS;

const MESSAGES: Record<string, string> = {
  visitor_messages: "You're sending messages too fast. Try again in a moment.",
  visitor_feedback: "You're sending feedback too fast. Try again in a moment.",
  visitor_uploads: "You've sent many images. Try again later.",
  visitor_image_reads: "Too many images opened. Try again in a moment.",
  visitor_requests: "Too many requests. Try again in a moment.",
  bot_busy: "This assistant is receiving too many messages right now. Try again in a moment.",
  tenant_busy: "This assistant is receiving too many messages right now. Try again in a moment.",
  account_locked: "Too many sign-in attempts. Try again later.",
  login_backoff: "Too many sign-in attempts. Try again in a moment.",
};
const GENERIC_MESSAGE = "Too many attempts. Try again later.";

/** A key made of a secret or something personal (a visitor token, an e-mail address) is stored as a hash. */
export const hashedKey = (value: string) => createHash("sha256").update(value).digest("base64url").slice(0, 32);

/** The refusal of one limit: a typed TOO_MANY_REQUESTS with the seconds until the next try. */
export function rateLimited(name: RateLimitName, msBeforeNext: number): RateLimitedError {
  const reason = RATE_LIMITS[name].reason;
  return new RateLimitedError(reason, MESSAGES[reason] ?? GENERIC_MESSAGE, Math.ceil(Math.max(msBeforeNext, 1) / 1000));
}

/**
 * How long a counter may take in the database before this process counts in memory instead, and
 * for how long it then keeps to memory: while the database is away, a request must fail as fast as
 * it did without limits (platform/errors.ts, SERVICE_UNAVAILABLE), not wait on each counter first.
 */
const STORE_TIMEOUT_MS = 2_000;
const STORE_PAUSE_MS = 5_000;

class StoreUnavailable extends Error {}

type StoreRow = { points: number; expire: Date | null };
type PrismaStoreMethods = { _upsert(key: string, points: number, msDuration: number, forceExpire?: boolean): Promise<StoreRow> };

/**
 * The library's Prisma store, counting in one statement. Its own `_upsert` (the method a store
 * implements) starts an expired window with a DELETE and then upserts: two round trips per count,
 * four counters per visitor message. This one does both in a single INSERT … ON CONFLICT, as the
 * library's Postgres store does; a forced expiry (a block) keeps the library's code.
 */
class OneStatementPrismaLimiter extends RateLimiterPrisma {
  constructor(
    private readonly client: Db,
    options: ConstructorParameters<typeof RateLimiterPrisma>[0],
  ) {
    super(options);
  }

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<StoreRow> {
    if (forceExpire) return (RateLimiterPrisma.prototype as unknown as PrismaStoreMethods)._upsert.call(this, key, points, msDuration, true);
    const now = Date.now();
    // `expire` is a timestamp without time zone holding UTC (as Prisma writes it): ISO text in
    // and epoch milliseconds out keep the session's time zone out of it.
    const expire = msDuration > 0 ? new Date(now + msDuration).toISOString() : null;
    return this.client
      .$queryRawUnsafe<{ points: number; expireMs: number | null }[]>(
        `INSERT INTO "RateLimiterFlexible" AS r ("key", "points", "expire") VALUES ($1, $2, $3::timestamp)
         ON CONFLICT ("key") DO UPDATE SET
           "points" = CASE WHEN r."expire" <= $4::timestamp THEN EXCLUDED."points" ELSE r."points" + EXCLUDED."points" END,
           "expire" = CASE WHEN r."expire" <= $4::timestamp THEN EXCLUDED."expire" ELSE r."expire" END
         RETURNING r."points", (extract(epoch FROM r."expire") * 1000)::float8 AS "expireMs"`,
        key,
        points,
        expire,
        new Date(now).toISOString(),
      )
      .then(([row]) => ({ points: Number(row!.points), expire: row!.expireMs === null ? null : new Date(Number(row!.expireMs)) }));
  }
}

export class RateLimits {
  readonly #limiters = new Map<RateLimitName, { store: RateLimiterAbstract; memory: RateLimiterAbstract }>();
  #storePausedUntil = 0;

  constructor(
    readonly db: Db,
    readonly env: ApiEnv = readApiEnv(),
  ) {}

  #pair(name: RateLimitName) {
    let pair = this.#limiters.get(name);
    if (!pair) {
      const spec = RATE_LIMITS[name];
      const { points, seconds } = this.env[spec.env];
      const keyPrefix = `rl:${name}`;
      // The account lockout holds for its whole duration from the attempt that went past it.
      const blockDuration = name === "loginAccount" ? seconds : 0;
      const store = new OneStatementPrismaLimiter(this.db, {
        storeClient: this.db,
        tableName: "rateLimiterFlexible",
        keyPrefix,
        points,
        duration: seconds,
        blockDuration,
        // Once a key is over its limit, this process refuses it without asking the database again
        // until its window ends: a flood costs no queries.
        inMemoryBlockOnConsumed: spec.inMemoryBlock ? points + 1 : 0,
        // Expired rows of the whole table are deleted every 5 minutes: by one limiter per process is enough.
        clearExpiredByTimeout: this.#limiters.size === 0,
      });
      // The library's insurance strategy, with a time bound and a pause (`#run`): the same limit,
      // counted by this process alone while the database does not answer.
      const memory = new RateLimiterMemory({ keyPrefix, points, duration: seconds, blockDuration });
      pair = { store, memory };
      this.#limiters.set(name, pair);
    }
    return pair;
  }

  async #run<T>(name: RateLimitName, operation: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> {
    const { store, memory } = this.#pair(name);
    if (Date.now() < this.#storePausedUntil) return operation(memory);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StoreUnavailable(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
      });
      return await Promise.race([operation(store), timeout]);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw error; // over the limit: the answer, not a failure
      // One line per pause, not one per request that was waiting.
      if (Date.now() >= this.#storePausedUntil) rootLogger().warn({ err: error, limit: name, pauseMs: STORE_PAUSE_MS }, "rate_limit.store_unavailable");
      this.#storePausedUntil = Date.now() + STORE_PAUSE_MS;
      return operation(memory);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Counts one request under `key`; throws the typed refusal when that goes past the limit. */
  async consume(name: RateLimitName, key: string, points = 1): Promise<RateLimiterRes> {
    try {
      return await this.#run(name, (limiter) => limiter.consume(key, points));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw rateLimited(name, error.msBeforeNext);
      throw error;
    }
  }

  /** How much of the limit `key` has used, without counting anything (null: nothing yet). */
  get(name: RateLimitName, key: string): Promise<RateLimiterRes | null> {
    return this.#run(name, (limiter) => limiter.get(key));
  }

  /** Forgets `key`'s counter (a successful sign-in ends the run of failures). */
  async reset(name: RateLimitName, key: string): Promise<void> {
    await this.#run(name, (limiter) => limiter.delete(key));
  }

  /** Refuses `key` for `seconds` from now, whatever its count. */
  async block(name: RateLimitName, key: string, seconds: number): Promise<void> {
    await this.#run(name, (limiter) => limiter.block(key, seconds));
  }
}

const perDb = new WeakMap<Db, RateLimits>();

/** This process's limits on `db` (the env is read once, on first use). */
export function rateLimits(db: Db): RateLimits {
  let limits = perDb.get(db);
  if (!limits) {
    limits = new RateLimits(db);
    perDb.set(db, limits);
  }
  return limits;
}
