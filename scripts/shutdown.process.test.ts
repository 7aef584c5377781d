// `npm start` stops within 5 s, on Ctrl+C (SIGINT to its process group, as a terminal sends it)
// and on SIGTERM (a service manager), with a widget's and an inbox's event streams open and an
// answer being streamed: the streams end cleanly (no "return" event, so clients reconnect), the
// answer in flight gets its grace period, and no process of the product is left behind.
// Real processes over real HTTP: the production build, as `npm start` makes it (cached by turbo).
import { describe, expect, it } from "vitest";
import {
  alive,
  botWithModel,
  commandLine,
  data,
  mutate,
  openSse,
  sendStreamed,
  signUpAndSignIn,
  sleep,
  startSlowModel,
  waitUntil,
  type Product,
  type SseStream,
} from "./product-harness.ts";
import { productPerTest } from "./product-per-test.ts";

const STOP_WITHIN_MS = 5000;
const harness = productPerTest();

async function openConversation(p: Product, modelBaseUrl: string) {
  const { cookie } = await signUpAndSignIn(p.adminUrl);
  const { publicId } = await botWithModel(p.adminUrl, cookie, modelBaseUrl);
  const session = data<{ visitorToken: string; lastEventId: string | null }>(await mutate(p.chatUrl, "chat.start", { botId: publicId }));
  const widget = openSse(p.chatUrl, "chat.events", { botId: publicId, visitorToken: session.visitorToken, lastEventId: session.lastEventId });
  const inbox = openSse(p.adminUrl, "inbox.events", {}, cookie);
  await Promise.all([widget.connected, inbox.connected]);
  const answer = sendStreamed(p.chatUrl, { botId: publicId, visitorToken: session.visitorToken, text: "Can I return an item?", clientMessageId: "msg-shutdown-1" });
  return { widget, inbox, answer };
}

/** The product's processes: this one, the database and both Next servers, each still running. */
function productProcesses(p: Product) {
  const pids = p.tree();
  const names = pids.map(commandLine);
  expect(names.filter((n) => n.startsWith("next-server")).length).toBe(2);
  expect(names.some((n) => n.includes("cli/serve.ts"))).toBe(true);
  return pids;
}

/**
 * Sends the stop signal; then the started process exits within 5 s, every process of the product
 * is gone by then, and each event stream ended cleanly (not broken off) within 1.5 s.
 */
async function expectStopsCleanly(p: Product, signal: () => void, watched: { pids: number[]; streams: SseStream[] }) {
  const signalledAt = Date.now();
  signal();
  const exited = await p.exited;
  expect(exited.at - signalledAt).toBeLessThan(STOP_WITHIN_MS);
  expect(await waitUntil(() => watched.pids.every((pid) => !alive(pid)), signalledAt + STOP_WITHIN_MS - Date.now())).toBe(true);
  for (const stream of watched.streams) {
    const ended = await stream.ended;
    expect(ended.how).toBe("ended");
    expect(ended.at - signalledAt).toBeLessThan(1500);
  }
}

describe("stopping npm start with open streams", () => {
  it("Ctrl+C: streams end cleanly, the answer in flight completes, every process is gone within 5 s", async () => {
    const model = await startSlowModel({ chunks: ["Returns ", "are free ", "within 30 days ", "[1]."], everyMs: 350 });
    harness.closeAfter(model.close);
    const product = await harness.start({ via: "npm" });
    const { widget, inbox, answer } = await openConversation(product, model.baseUrl);
    await sleep(400); // the model has begun to answer
    const pids = productProcesses(product);

    // What a terminal does on Ctrl+C: SIGINT to the whole foreground group.
    await expectStopsCleanly(product, () => process.kill(-product.pid, "SIGINT"), { pids, streams: [widget, inbox] });
    for (const stream of [widget, inbox]) expect(stream.events.some((e) => e.event === "return")).toBe(false); // clients reconnect
    const sent = await answer;
    expect(sent.status).toBe(200);
    expect(sent.complete).toBe(true);
    expect(sent.text).toContain("bot_message");
    expect(sent.text).toContain("Returns are free within 30 days [1].");
  });

  it("SIGTERM with an answer that never ends: the deadline stops everything within 5 s", async () => {
    const model = await startSlowModel({ chunks: ["Returns ", "are "], everyMs: 200, stall: true });
    harness.closeAfter(model.close);
    const product = await harness.start({ via: "node" });
    const { widget, inbox, answer } = await openConversation(product, model.baseUrl);
    await sleep(600); // both chunks sent; the model now stalls
    const pids = productProcesses(product);

    await expectStopsCleanly(product, () => process.kill(product.pid, "SIGTERM"), { pids, streams: [widget, inbox] });
    // The stalled answer was cut at the grace period's end: its response did not complete.
    const sent = await answer;
    expect(sent.text).not.toContain("bot_message");
  });
});
