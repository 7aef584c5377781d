import { createServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { WEBHOOK_POLICY } from "../notifications/index.ts";
import { type WebFetchPolicy } from "../platform/pinned-http.ts";

/** For tests: real loopback receivers of notifications (an HTTP webhook server and an SMTP server). */

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1: records every request; `answers` scripts status codes per path (then 200). */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const answers = new Map<string, number[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answers.get(path)?.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "receiver says no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    received,
    answers,
    at: (path: string) => received.filter((r) => r.path === path),
    /** A URL on a made-up host that the test policy resolves to the receiver. */
    url: (path: string) => `http://hooks.acme.test:${port}${path}`,
    /** The real webhook policy, except that it may reach this receiver (as knowledge/sources.integration.test.ts does). */
    policy: (): WebFetchPolicy => ({
      ...WEBHOOK_POLICY,
      ports: [String(port)],
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
      isAllowedAddress: (address) => address === "127.0.0.1",
    }),
    /** The real address check, with the test host resolving to loopback: must be refused. */
    realAddressPolicy: (): WebFetchPolicy => ({ ...WEBHOOK_POLICY, ports: [String(port)], resolve: async () => [{ address: "127.0.0.1", family: 4 }] }),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** An SMTP server on 127.0.0.1 (plain, AUTH allowed without TLS) that keeps every message. */
export async function startSmtpServer(credentials = { user: "kefu", pass: "smtp-secret" }) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error("Invalid credentials"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded subject of a raw message (RFC 2047 encoded-words, as nodemailer writes them). */
export function subjectOf(raw: string): string {
  const header = (/^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? "").replace(/\r?\n[ \t]/g, " ");
  const word = /=\?utf-8\?([BQ])\?([^?]*)\?=/gi;
  // Adjacent encoded words are one byte run: a character may be split between two of them.
  return header.replace(/=\?utf-8\?[BQ]\?[^?]*\?=(?:\s+=\?utf-8\?[BQ]\?[^?]*\?=)*/gi, (run) =>
    Buffer.concat(
      [...run.matchAll(word)].map(([, encoding, text]) =>
        encoding!.toUpperCase() === "B"
          ? Buffer.from(text!, "base64")
          : Buffer.from(text!.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1"),
      ),
    ).toString("utf8"),
  );
}

/** The decoded text of a single-part plain-text message (quoted-printable or base64). */
export function textOf(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split);
  const body = raw.slice(split).trim();
  const encoding = /^Content-Transfer-Encoding: *(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}
