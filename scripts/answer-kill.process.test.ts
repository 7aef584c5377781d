// No visitor message is left unanswered when the process answering it dies: the chat app is killed
// with SIGKILL while a (slow) AI model streams two answers. `npm start` restarts it with backoff and
// leaves the rest running; the widget resends its message with the same client id, which the claim
// refuses while the dead process's lease lasts and answers once it ran out; the other visitor,
// gone meanwhile, is answered by the unanswered-message sweep when the admin app starts again
// (killed too, later). Each message is stored once and answered exactly once, delivered to the
// widget's live stream, and stopping the product leaves no process behind.
// Real processes over real HTTP: the production build, as `npm start` makes it (cached by turbo).
import { describe, expect, it } from "vitest";
import {
  alive,
  appServer,
  botWithModel,
  data,
  mutate,
  openSse,
  query,
  sendStreamed,
  signUpAndSignIn,
  sleep,
  startSlowModel,
  waitUntil,
} from "./product-harness.ts";
import { productPerTest } from "./product-per-test.ts";

/** The answer's lease, shortened from 60 s so that the test takes seconds. */
const LEASE_MS = 6000;
/** The sweep leaves a message this young to the request that stored it (chat/unanswered.ts). */
const SWEEP_GRACE_MS = 15_000;
/** The widget resends a failed message after 3 s, then 6 s more (apps/chat chat-app.tsx). */
const WIDGET_RETRIES_MS = [3000, 6000, 12_000];
const QUESTION = "Can I return an item?";
const ANSWER = "Yes, returns are free within 30 days.";

const harness = productPerTest();

/**
 * A streamed `chat.send` as the widget sends it, read as it arrives: `seen` resolves once the
 * response so far matches, `done` when it ends (complete: false when the connection broke).
 */
function watchSend(chatUrl: string, input: Record<string, unknown>) {
  let text = "";
  const waiters: { pattern: RegExp; resolve(): void }[] = [];
  const done = (async () => {
    const response = await fetch(`${chatUrl}/api/trpc/chat.send?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
      body: JSON.stringify({ 0: { json: input } }),
    });
    try {
      const decoder = new TextDecoder();
      for await (const chunk of response.body!) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        for (const waiter of waiters.filter((w) => w.pattern.test(text))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      return { text, complete: true };
    } catch {
      return { text, complete: false };
    }
  })();
  const seen = (pattern: RegExp, timeoutMs: number) =>
    Promise.race([
      new Promise<void>((resolve) => (pattern.test(text) ? resolve() : waiters.push({ pattern, resolve }))),
      sleep(timeoutMs).then(() => {
        throw new Error(`timed out waiting for ${pattern} in the answer; so far: ${text.slice(0, 500)}`);
      }),
    ]);
  return { done, seen };
}

interface HistoryMessage {
  id: string;
  role: string;
  content: string;
  clientMessageId: string | null;
}

/** The visitor's conversation as the widget loads it. */
async function history(chatUrl: string, visitor: { botId: string; visitorToken: string }) {
  return data<HistoryMessage[]>(await query(chatUrl, "chat.history", visitor));
}

/** Exactly one visitor message with this client id, followed by exactly one reply of the bot. */
function expectAnsweredOnce(messages: HistoryMessage[], clientMessageId: string) {
  const mine = messages.filter((m) => m.clientMessageId === clientMessageId);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.role).toBe("VISITOR");
  const after = messages.slice(messages.indexOf(mine[0]!) + 1);
  expect(after.filter((m) => m.role === "BOT").map((m) => m.content)).toEqual([ANSWER]);
  return after.find((m) => m.role === "BOT")!;
}

describe("an app killed mid-answer", () => {
  it("restarted by npm start; every message answered exactly once, by the widget's resend or the start-up sweep", async () => {
    const model = await startSlowModel({ chunks: ["Let me ", "check "], everyMs: 100, stall: true });
    harness.closeAfter(model.close);
    const p = await harness.start({ via: "node", env: { KEFU_ANSWER_CLAIM_MS: String(LEASE_MS) } });
    const seenPids = new Set<number>();
    const snapshot = () => p.tree().forEach((pid) => seenPids.add(pid));
    snapshot();

    const { cookie } = await signUpAndSignIn(p.adminUrl);
    const { publicId } = await botWithModel(p.adminUrl, cookie, model.baseUrl);
    const visitor = async () => {
      const session = data<{ visitorToken: string; lastEventId: string | null }>(await mutate(p.chatUrl, "chat.start", { botId: publicId }));
      return { botId: publicId, visitorToken: session.visitorToken, lastEventId: session.lastEventId };
    };
    // A stays and resends as the widget does; B closes the page once the answer broke off.
    const [a, b] = await Promise.all([visitor(), visitor()]);
    const sentAt = Date.now();
    const sendA = watchSend(p.chatUrl, { botId: publicId, visitorToken: a.visitorToken, text: QUESTION, clientMessageId: "msg-kill-a" });
    const sendB = watchSend(p.chatUrl, { botId: publicId, visitorToken: b.visitorToken, text: QUESTION, clientMessageId: "msg-kill-b" });
    // Stored and claimed (visitor_message), and the model has begun to answer (a delta): mid-answer.
    await Promise.all([sendA.seen(/visitor_message/, 10_000), sendB.seen(/visitor_message/, 10_000)]);
    await Promise.all([sendA.seen(/"delta"/, 10_000), sendB.seen(/"delta"/, 10_000)]);

    const chat = appServer(p, "chat")!;
    const admin = appServer(p, "admin")!;
    expect(chat).toBeDefined();
    expect(admin).toBeDefined();
    const killedAt = p.output().length;
    process.kill(chat, "SIGKILL");
    const failedAt = Date.now();
    for (const send of [sendA, sendB]) {
      const broken = await send.done;
      expect(broken.complete).toBe(false);
      expect(broken.text).not.toContain("bot_message");
    }

    // npm start brings the chat app back and leaves the rest running.
    await p.waitForOutput(/\[kefu\] chat stopped \(SIGKILL\); restarting it in 500 ms \(restart 1\)/, 5000, killedAt);
    await p.waitForOutput(/\[kefu\] chat is back/, 20_000, killedAt);
    const chatBackMs = Date.now() - failedAt;
    expect(p.output().slice(killedAt)).not.toContain("stopping everything");
    expect(alive(admin)).toBe(true);
    const chatAgain = appServer(p, "chat")!;
    expect(chatAgain).toBeDefined();
    expect(chatAgain).not.toBe(chat);
    snapshot();
    model.set({ chunks: ["Yes, returns ", "are free ", "within 30 days."], everyMs: 20 });

    // A's widget resends with the same client id on its schedule: refused while the dead process's
    // lease lasts, answered once it ran out.
    const resends: { at: number; text: string }[] = [];
    let answeredA: string | null = null;
    let lastFailure = failedAt;
    for (const waitMs of WIDGET_RETRIES_MS) {
      await sleep(lastFailure + waitMs - Date.now());
      const at = Date.now();
      const resent = await sendStreamed(p.chatUrl, { botId: publicId, visitorToken: a.visitorToken, text: QUESTION, clientMessageId: "msg-kill-a" });
      resends.push({ at: at - sentAt, text: resent.text });
      if (resent.text.includes("bot_message")) {
        answeredA = resent.text;
        break;
      }
      lastFailure = Date.now();
    }
    // Within the lease every resend was refused, as in progress (or, on a loaded machine, as
    // briefly unavailable while the new process warms up); the widget retries either way.
    const shown = JSON.stringify(resends.map((r) => ({ at: r.at, text: r.text.slice(0, 800) })));
    const early = resends.filter((r) => r.at < LEASE_MS);
    expect(early.length, shown).toBeGreaterThan(0);
    for (const refused of early) {
      expect(refused.text, shown).not.toContain("bot_message");
      expect(refused.text, shown).toMatch(/message_in_progress|SERVICE_UNAVAILABLE/);
    }
    expect(answeredA, shown).toContain(ANSWER);
    expect(resends.at(-1)!.at, shown).toBeGreaterThan(LEASE_MS);
    const replyA = expectAnsweredOnce(await history(p.chatUrl, a), "msg-kill-a");

    // B never resent: it waits for the sweep, which leaves it alone while it is young and the
    // admin app (and its periodic sweep) runs on. The admin app killed now starts again and its
    // start-up sweep answers B, onto B's live stream.
    const widgetB = openSse(p.chatUrl, "chat.events", b);
    harness.closeAfter(async () => widgetB.close());
    await widgetB.connected;
    await sleep(sentAt + SWEEP_GRACE_MS + 500 - Date.now());
    expect((await history(p.chatUrl, b)).filter((m) => m.role === "BOT")).toEqual([]);
    const adminKilledAt = p.output().length;
    process.kill(admin, "SIGKILL");
    await p.waitForOutput(/\[kefu\] admin stopped \(SIGKILL\); restarting it in 500 ms \(restart 1\)/, 5000, adminKilledAt);
    const adminKilledTime = Date.now();
    await p.waitForOutput(/\[kefu\] admin is back/, 20_000, adminKilledAt);
    const adminBackMs = Date.now() - adminKilledTime;
    snapshot();
    expect(await waitUntil(() => widgetB.events.some((e) => e.data.includes(ANSWER)), 15_000, 100)).toBe(true);
    const answeredBMs = Date.now() - sentAt;
    expectAnsweredOnce(await history(p.chatUrl, b), "msg-kill-b");

    // Resending again replays A's reply; nothing more is answered.
    const replay = await sendStreamed(p.chatUrl, { botId: publicId, visitorToken: a.visitorToken, text: QUESTION, clientMessageId: "msg-kill-a" });
    expect(replay.text).toContain(replyA.id);
    expect(expectAnsweredOnce(await history(p.chatUrl, a), "msg-kill-a").id).toBe(replyA.id);
    expectAnsweredOnce(await history(p.chatUrl, b), "msg-kill-b");

    // Stopping the product leaves nothing behind: the restarted apps, the database, this script.
    snapshot();
    const stoppedAt = Date.now();
    process.kill(p.pid, "SIGTERM");
    await p.exited;
    expect(await waitUntil(() => [...seenPids].every((pid) => !alive(pid)), stoppedAt + 5000 - Date.now())).toBe(true);
    console.log(
      `[answer-kill] resends of A at ${resends.map((r) => `${(r.at / 1000).toFixed(1)} s (${/bot_message/.test(r.text) ? "answered" : (/message_in_progress|SERVICE_UNAVAILABLE/.exec(r.text)?.[0] ?? "?")})`).join(", ")} ` +
        `after sending (lease ${LEASE_MS / 1000} s); ` +
        `chat back ${chatBackMs} ms after the kill; B answered by the admin's start-up sweep ${(answeredBMs / 1000).toFixed(1)} s after sending ` +
        `(admin back ${adminBackMs} ms after its kill); stopped in ${Date.now() - stoppedAt} ms`,
    );
  });
});
