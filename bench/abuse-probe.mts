// What an attacker measures against a running Kefu, over HTTP from one address:
//   npm run probe:abuse -- --chat-url http://127.0.0.1:3001 --admin-url http://127.0.0.1:3000 \
//     --database-url postgresql://postgres:postgres@127.0.0.1:54329/postgres
// 1. one visitor token sends 300 messages back to back; 2. 300 new chat sessions from one IP;
// 3. 30 wrong passwords on one account, then the right one; 4. 20 sign-ups from one IP, and a
// sign-up with an address that has an account. Prints one JSON object of figures. The database URL
// is used only to create the bot and account it probes (as `npm run load` does).
import { parseArgs } from "node:util";
import { ownerOfNewTenant } from "@kefu/api/testing";
import { createDb } from "@kefu/db";

const { values } = parseArgs({
  options: {
    "chat-url": { type: "string", default: "http://127.0.0.1:3001" },
    "admin-url": { type: "string", default: "http://127.0.0.1:3000" },
    "database-url": { type: "string", default: "postgresql://postgres:postgres@127.0.0.1:54329/postgres" },
    messages: { type: "string", default: "300" },
    sessions: { type: "string", default: "300" },
  },
});
const chat = values["chat-url"]!;
const admin = values["admin-url"]!;

const db = createDb(values["database-url"]!, { maxConnections: 2 });
const owner = await ownerOfNewTenant(db, `Probe ${new Date().toISOString().slice(0, 19)}`);
const bot = await owner.caller.bot.create({ name: "Probe", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
await db.$disconnect();

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const count = (statuses: number[]) => Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]));

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

// 1. Messages from one visitor token.
const start = (await (await post(`${chat}/api/trpc/chat.start`, { json: { botId: bot.publicId } })).json()) as { result: { data: { json: { visitorToken: string } } } };
const visitorToken = start.result.data.json.visitorToken;
const messages = await timed(async () => {
  const statuses: number[] = [];
  for (let i = 0; i < Number(values.messages); i++) {
    const response = await post(
      `${chat}/api/trpc/chat.send?batch=1`,
      { 0: { json: { botId: bot.publicId, visitorToken, text: `message ${i}`, clientMessageId: `probe-${i}-${Date.now()}` } } },
      { "trpc-accept": "application/jsonl" },
    );
    await response.text();
    statuses.push(response.status);
  }
  return statuses;
});

// 2. New sessions from one IP.
const sessions = await timed(async () => {
  const statuses: number[] = [];
  for (let i = 0; i < Number(values.sessions); i++) statuses.push((await post(`${chat}/api/trpc/chat.start`, { json: { botId: bot.publicId } })).status);
  return statuses;
});

// 3. 30 wrong passwords, then the right one, through next-auth's credentials sign-in.
async function signIn(password: string) {
  const csrf = await fetch(`${admin}/api/auth/csrf`);
  const cookie = (csrf.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${admin}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: admin },
    body: new URLSearchParams({ csrfToken, email: owner.email, password, json: "true" }),
    redirect: "manual",
  });
  const session = (response.headers.getSetCookie?.() ?? []).some((c) => c.includes("session-token="));
  return { status: response.status, retryAfter: response.headers.get("retry-after"), session };
}
const wrong: number[] = [];
for (let i = 0; i < 30; i++) wrong.push((await signIn(`wrong password ${i}`)).status);
const right = await signIn("correct horse battery");

// 4. Sign-ups from one IP, and one with a known address.
const signUp = (email: string) => post(`${admin}/api/trpc/account.signUp`, { json: { companyName: "Probe", email, password: "correct horse battery" } }, { origin: admin });
const signUps: number[] = [];
for (let i = 0; i < 20; i++) signUps.push((await signUp(`probe-${Date.now()}-${i}@example.com`)).status);
const known = await signUp(owner.email);

console.log(
  JSON.stringify(
    {
      messagesFromOneToken: { sent: messages.result.length, statuses: count(messages.result), seconds: messages.seconds },
      sessionsFromOneIp: { started: sessions.result.length, statuses: count(sessions.result), seconds: sessions.seconds },
      wrongPasswordsThenRight: { wrong: count(wrong), right },
      signUpsFromOneIp: count(signUps),
      signUpWithKnownAddress: { status: known.status, body: await known.text() },
    },
    null,
    2,
  ),
);
