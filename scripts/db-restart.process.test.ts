// The embedded database killed mid-conversation (SIGKILL): `npm start` restarts it with backoff;
// meanwhile requests fail within seconds with a typed, retryable error (SERVICE_UNAVAILABLE, HTTP
// 503, no stack trace), the event feed backs off instead of logging every poll, and afterwards
// visitors and agents go on, with nothing that was acknowledged lost.
// Real processes over real HTTP: the production build, as `npm start` makes it (cached by turbo).
import { describe, expect, it } from "vitest";
import {
  commandLine,
  data,
  descendants,
  mutate,
  openSse,
  query,
  sendStreamed,
  signUpAndSignIn,
  sleep,
  waitUntil,
  type CallResult,
} from "./product-harness.ts";
import { productPerTest } from "./product-per-test.ts";

const FAIL_FAST_MS = 6000;
const harness = productPerTest();

function expectUnavailable(result: CallResult) {
  expect(result.status).toBe(503);
  expect(result.json?.error?.json?.data?.code).toBe("SERVICE_UNAVAILABLE");
  expect(result.json?.error?.json?.data?.reason).toBe("unavailable");
  expect(result.body).not.toMatch(/\n\s+at |stack|127\.0\.0\.1/);
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

describe("the embedded database killed mid-conversation", () => {
  it("is restarted; requests fail fast meanwhile, then visitors and agents go on with nothing lost", async () => {
    const p = await harness.start({ via: "node" });
    const { cookie } = await signUpAndSignIn(p.adminUrl);
    const bot = data<{ id: string; publicId: string }>(
      await mutate(p.adminUrl, "bot.create", { name: "Shop assistant", greeting: "Hi!", language: "en", brandColor: "#2563eb" }, cookie),
    );
    data(await mutate(p.adminUrl, "knowledge.addFaq", { botId: bot.id, question: "Can I return an item?", alternatives: [], answer: "Yes, returns are free within 30 days." }, cookie));
    const session = data<{ visitorToken: string; lastEventId: string | null }>(await mutate(p.chatUrl, "chat.start", { botId: bot.publicId }));
    const visitor = { botId: bot.publicId, visitorToken: session.visitorToken };
    const inbox = openSse(p.adminUrl, "inbox.events", {}, cookie);
    const widget = openSse(p.chatUrl, "chat.events", { ...visitor, lastEventId: session.lastEventId });
    await Promise.all([inbox.connected, widget.connected]);

    const first = await sendStreamed(p.chatUrl, { ...visitor, text: "Can I return an item?", clientMessageId: "msg-before-kill" });
    expect(first.text).toContain("returns are free within 30 days");
    await waitUntil(() => inbox.events.some((e) => e.data.includes("msg-before-kill") || e.data.includes("Can I return an item?")), 5000);

    const db = descendants(p.pid).find((pid) => commandLine(pid).includes("cli/serve.ts"))!;
    expect(db).toBeDefined();
    const killedAt = p.output().length;
    process.kill(db, "SIGKILL");
    await p.waitForOutput(/the embedded database stopped \(SIGKILL\); restarting it in \d+ ms/, 5000, killedAt);

    // During the outage: fail fast, typed, retryable, no stack trace.
    const history = await timed(query(p.chatUrl, "chat.history", visitor));
    expect(history.ms).toBeLessThan(FAIL_FAST_MS);
    expectUnavailable(history.value);
    const list = await timed(query(p.adminUrl, "inbox.list", {}, cookie));
    expect(list.ms).toBeLessThan(FAIL_FAST_MS);
    expectUnavailable(list.value);
    const duringOutage = await timed(sendStreamed(p.chatUrl, { ...visitor, text: "Is shipping free?", clientMessageId: "msg-during-outage" }));
    expect(duringOutage.ms).toBeLessThan(FAIL_FAST_MS);
    expect(duringOutage.value.text).toContain("SERVICE_UNAVAILABLE");
    expect(duringOutage.value.text).not.toMatch(/\\n\s+at |stack/);
    await sleep(1500); // the event feeds keep failing meanwhile

    // The database comes back by itself, and the apps with it.
    await p.waitForOutput(/the embedded database is back/, 60_000, killedAt);
    expect(
      await waitUntil(async () => (await query(p.chatUrl, "chat.history", visitor).catch(() => null))?.status === 200, 15_000, 250),
    ).toBe(true);
    // What was acknowledged before the kill is there; the send that failed is answered when resent.
    const messages = data<{ content: string; clientMessageId: string | null }[]>(await query(p.chatUrl, "chat.history", visitor));
    expect(messages.map((m) => m.content)).toEqual(expect.arrayContaining(["Can I return an item?", "Yes, returns are free within 30 days."]));
    const inboxEventsBefore = inbox.events.length;
    const resent = await sendStreamed(p.chatUrl, { ...visitor, text: "Can I return an item?", clientMessageId: "msg-after-restart" });
    expect(resent.text).toContain("returns are free within 30 days");

    // Agents go on: the inbox answers, and the stream it had open all along delivers the new messages.
    expect((await query(p.adminUrl, "inbox.list", {}, cookie)).status).toBe(200);
    expect(await waitUntil(() => inbox.events.slice(inboxEventsBefore).some((e) => e.data.includes("msg-after-restart") || e.data.includes("Can I return")), 10_000)).toBe(true);

    // The feeds backed off: a handful of lines per app for the whole outage, not one per poll.
    const outageLog = p.output().slice(killedAt);
    const feedFailures = outageLog.split("\n").filter((line) => line.includes("event_feed.")).filter((line) => !line.includes("recovered"));
    expect(feedFailures.length).toBeLessThanOrEqual(4);
    // …and say when they are back (a feed still in its backoff polls again within seconds).
    await p.waitForOutput(/event_feed\.recovered/, 15_000, killedAt);
  });
});
