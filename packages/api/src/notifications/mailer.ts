import { z } from "zod";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { type ApiEnv } from "../platform/env.ts";

/**
 * Sends one plain-text e-mail over the SMTP server of KEFU_SMTP_URL. Problems come back as a
 * result, never thrown: the caller records them on the delivery row.
 */
export type MailResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export const SMTP_NOT_CONFIGURED = "SMTP is not configured (KEFU_SMTP_URL).";
const DEFAULT_FROM = "Kefu <no-reply@localhost>";
const TIMEOUT_MS = 10_000;

const ZAddress = z.email();

function smtpUrl(raw: string | undefined): URL | null {
  try {
    const url = raw ? new URL(raw) : null;
    return url && (url.protocol === "smtp:" || url.protocol === "smtps:") ? url : null;
  } catch {
    return null;
  }
}

export async function sendMail(env: Pick<ApiEnv, "KEFU_SMTP_URL" | "KEFU_MAIL_FROM">, mail: { to: string; subject: string; text: string }): Promise<MailResult> {
  if (!env.KEFU_SMTP_URL) return { ok: false, permanent: true, error: SMTP_NOT_CONFIGURED };
  const url = smtpUrl(env.KEFU_SMTP_URL);
  if (!url) return { ok: false, permanent: true, error: "KEFU_SMTP_URL is not an smtp:// or smtps:// URL." };
  if (!ZAddress.safeParse(mail.to).success) return { ok: false, permanent: true, error: `"${mail.to}" is not a valid e-mail address.` };
  const options: SMTPTransport.Options = { url: url.toString(), connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS };
  const transport = nodemailer.createTransport(options);
  try {
    await transport.sendMail({ from: env.KEFU_MAIL_FROM || DEFAULT_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return { ok: true };
  } catch (error) {
    const { responseCode, code } = error as { responseCode?: number; code?: string };
    // A 5xx answer (unknown mailbox, refused sender) will not change by retrying; the rest may.
    if (responseCode && responseCode >= 500) return { ok: false, permanent: true, error: `The mail server refused the message (SMTP ${responseCode}).` };
    return { ok: false, permanent: false, error: `Could not send the e-mail (${responseCode ? `SMTP ${responseCode}` : (code ?? "connection failed")}).` };
  } finally {
    transport.close();
  }
}
