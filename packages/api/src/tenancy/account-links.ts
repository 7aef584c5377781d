import { createHash, randomBytes } from "node:crypto";
import { type Db } from "@kefu/db";
import { DomainError, type SignUpRequest } from "@kefu/domain";
import { readApiEnv } from "../platform/env.ts";
import { rootLogger } from "../platform/logger.ts";
import { sendMail } from "../notifications/index.ts";
import { createAccount } from "./accounts.ts";
import { hashPassword } from "./password.ts";
import { clearSignInLimits } from "./sign-in-limits.ts";

/**
 * Links sent by e-mail that act on an account: a password reset, and the confirmation of a
 * sign-up. Each is single-use, expires, and only the sha256 of its token is stored. Answers never
 * say whether an address has an account (docs/security.md "Sign-up and password reset"): every
 * request is answered "check your inbox" after the same work (one lookup, and one password hash
 * for sign-ups), and the e-mail goes out after the answer.
 */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
export const SIGN_UP_TTL_MS = 24 * 60 * 60 * 1000;

export interface AccountMail {
  to: string;
  subject: string;
  text: string;
  /** The link in it, logged for the operator when no SMTP server is configured. */
  link: string;
}
export type AccountMailer = (mail: AccountMail) => Promise<void>;

/** Sends over KEFU_SMTP_URL; without one (or when sending fails) the link goes to the log, at warn. */
export const smtpAccountMailer: AccountMailer = async (mail) => {
  const result = await sendMail(readApiEnv(), mail);
  if (!result.ok) rootLogger().warn({ to: mail.to, link: mail.link, error: result.error }, "account.mail_not_sent");
};

interface LinkOptions {
  mailer?: AccountMailer;
  /** The dashboard's address (default NEXTAUTH_URL). */
  baseUrl?: string;
  now?: Date;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const normalise = (email: string) => email.trim().toLowerCase();
const baseOf = (options: LinkOptions) => (options.baseUrl ?? readApiEnv().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");

const invalidLink = () => new DomainError("BAD_REQUEST", "link_invalid", "This link has expired or was already used. Ask for a new one.");

async function issueToken(db: Db, data: { purpose: string; email: string; userId?: string; payload?: object; ttlMs: number; now: Date }) {
  const token = randomBytes(32).toString("base64url");
  await db.accountToken.create({
    data: {
      purpose: data.purpose,
      email: data.email,
      userId: data.userId ?? null,
      payload: data.payload,
      tokenHash: hashToken(token),
      expiresAt: new Date(data.now.getTime() + data.ttlMs),
    },
  });
  return token;
}

/** Sends the mail after the answer: its time (SMTP) must not tell the caller anything. */
function later(work: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(work).catch((error: unknown) => {
    rootLogger().error({ err: error }, "account.link_failed");
  });
}

/**
 * "Forgot password": e-mails a reset link (valid an hour) when an account has the address. The
 * caller answers the same either way; `delivery` settles when the e-mail is sent (for tests).
 */
export async function requestPasswordReset(db: Db, input: { email: string }, options: LinkOptions = {}): Promise<{ delivery: Promise<void> }> {
  const email = normalise(input.email);
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  const now = options.now ?? new Date();
  const mailer = options.mailer ?? smtpAccountMailer;
  const delivery = later(async () => {
    if (!user) return;
    const token = await issueToken(db, { purpose: "password_reset", email, userId: user.id, ttlMs: PASSWORD_RESET_TTL_MS, now });
    const link = `${baseOf(options)}/reset-password/${token}`;
    await mailer({
      to: email,
      link,
      subject: "Reset your Kefu password / 重置 Kefu 密码",
      text: `Someone asked to reset the password of your Kefu account. To choose a new one, open this link within an hour:\n\n${link}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n\n有人请求重置你的 Kefu 账号密码。请在一小时内打开上面的链接设置新密码。如果不是你本人操作，请忽略此邮件，密码不会改变。`,
    });
  });
  return { delivery };
}

/** Sets a new password with a reset link: the link is used up, other reset links of the account too, and a lockout ends. */
export async function resetPassword(db: Db, input: { token: string; password: string }, options: { now?: Date } = {}): Promise<{ email: string }> {
  const now = options.now ?? new Date();
  const row = await db.accountToken.findUnique({ where: { tokenHash: hashToken(input.token) } });
  if (!row || row.purpose !== "password_reset" || row.userId === null || row.usedAt !== null || row.expiresAt <= now) throw invalidLink();
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    // Single use even when two requests race: only one update finds it unused.
    const claimed = await tx.accountToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) throw invalidLink();
    await tx.user.update({ where: { id: row.userId! }, data: { passwordHash } });
    await tx.accountToken.updateMany({ where: { userId: row.userId!, purpose: "password_reset", usedAt: null }, data: { usedAt: now } });
  });
  await clearSignInLimits(db, row.email);
  return { email: row.email };
}

export type SignUpOutcome = { status: "created"; email: string } | { status: "check_inbox" };

/**
 * Sign-up that does not tell whether an address already has an account. With an SMTP server
 * (KEFU_SMTP_URL), every sign-up is answered "check your inbox": a new address gets a link that
 * creates the workspace, an address with an account gets an e-mail saying someone tried to sign up
 * with it (sign in, or reset the password). Without one (a first `npm start`), a new address gets
 * its workspace at once, as before, and a known one the "check your inbox" answer (its link is
 * logged for the operator): such an instance cannot prove who owns an address anyway.
 */
export async function requestSignUp(db: Db, input: SignUpRequest, options: LinkOptions & { smtp?: boolean } = {}): Promise<{ outcome: SignUpOutcome; delivery: Promise<void> }> {
  const email = normalise(input.email);
  const smtp = options.smtp ?? Boolean(readApiEnv().KEFU_SMTP_URL);
  const now = options.now ?? new Date();
  const mailer = options.mailer ?? smtpAccountMailer;
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  // Hashed either way, so that both answers take as long.
  const passwordHash = await hashPassword(input.password);
  if (!existing && !smtp) {
    const created = await createAccount(db, { ...input, email }, passwordHash);
    return { outcome: { status: "created", email: created.email }, delivery: Promise.resolve() };
  }
  const base = baseOf(options);
  const delivery = later(async () => {
    if (existing) {
      await mailer({
        to: email,
        link: `${base}/login`,
        subject: "Someone tried to sign up with your address / 有人尝试用你的邮箱注册",
        text: `Someone tried to create a Kefu workspace with this address, which already has an account. If it was you, sign in at ${base}/login, or reset your password at ${base}/forgot-password. If not, you can ignore this e-mail.\n\n有人尝试用这个邮箱注册 Kefu，但该邮箱已有账号。如果是你本人，请登录（${base}/login）或重置密码（${base}/forgot-password）；否则请忽略此邮件。`,
      });
      return;
    }
    const payload = { companyName: input.companyName, name: input.name ?? null, passwordHash };
    const token = await issueToken(db, { purpose: "sign_up", email, payload, ttlMs: SIGN_UP_TTL_MS, now });
    const link = `${base}/signup/confirm/${token}`;
    await mailer({
      to: email,
      link,
      subject: "Confirm your Kefu sign-up / 确认注册 Kefu",
      text: `Open this link within 24 hours to create your Kefu workspace "${input.companyName}":\n\n${link}\n\n请在 24 小时内打开上面的链接，创建你的 Kefu 工作区。`,
    });
  });
  return { outcome: { status: "check_inbox" }, delivery };
}

/** Opens a sign-up link: creates the workspace it was asked for (then the owner signs in). */
export async function confirmSignUp(db: Db, input: { token: string }, options: { now?: Date } = {}): Promise<{ email: string }> {
  const now = options.now ?? new Date();
  const row = await db.accountToken.findUnique({ where: { tokenHash: hashToken(input.token) } });
  if (!row || row.purpose !== "sign_up" || row.usedAt !== null || row.expiresAt <= now) throw invalidLink();
  const claimed = await db.accountToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) throw invalidLink();
  const payload = row.payload as { companyName: string; name: string | null; passwordHash: string };
  try {
    await createAccount(db, { companyName: payload.companyName, name: payload.name ?? undefined, email: row.email }, payload.passwordHash);
  } catch (error) {
    // The address got an account since: the link has nothing left to do.
    if (error instanceof DomainError && error.reason === "email_taken") throw invalidLink();
    throw error;
  }
  return { email: row.email };
}
