// `npm start` stops within 5 s, on Ctrl+C (SIGINT to its process group, as a terminal sends it)
// and on SIGTERM (a service manager), with a widget's and an inbox's event streams open and an
// answer being streamed: the streams end cleanly (no "return" event, so clients reconnect), the
// answer in flight gets its grace period, and no process of the product is left behind.
// Real processes over real HTTP: the production build, as `npm start` makes it (cached by turbo).
import { afterEach, describe, expect, it } from "vitest";
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
  startProduct,
  startSlowModel,
  waitUntil,
  type Product,
} from "./product-harness.ts";

const STOP_WITHIN_MS = 5000;
let product: Product | undefined;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await product?.dispose();
  product = undefined;
  for (const close of closers.splice(0)) await close();
});

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

describe("stopping npm start with open streams", () => {
  it("Ctrl+C: streams end cleanly, the answer in flight completes, every process is gone within 5 s", async () => {
    const model = await startSlowModel({ chunks: ["Returns ", "are free ", "within 30 days ", "[1]."], everyMs: 350 });
    closers.push(model.close);
    product = await startProduct({ via: "npm" });
    const { widget, inbox, answer } = await openConversation(product, model.baseUrl);
    await sleep(400); // the model has begun to answer
    const pids = productProcesses(product);

    const signalledAt = Date.now();
    process.kill(-product.pid, "SIGINT"); // what a terminal does on Ctrl+C: the whole foreground group
    const exited = await product.exited;
    expect(exited.at - signalledAt).toBeLessThan(STOP_WITHIN_MS);
    expect(await waitUntil(() => pids.every((pid) => !alive(pid)), signalledAt + STOP_WITHIN_MS - Date.now())).toBe(true);

    for (const stream of [widget, inbox]) {
      const ended = await stream.ended;
      expect(ended.how).toBe("ended");
      expect(ended.at - signalledAt).toBeLessThan(1500);
      expect(stream.events.some((e) => e.event === "return")).toBe(false); // clients reconnect
    }
    const sent = await answer;
    expect(sent.status).toBe(200);
    expect(sent.complete).toBe(true);
    expect(sent.text).toContain("bot_message");
    expect(sent.text).toContain("Returns are free within 30 days [1].");
  });

  it("SIGTERM with an answer that never ends: the deadline stops everything within 5 s", async () => {
    const model = await startSlowModel({ chunks: ["Returns ", "are "], everyMs: 200, stall: true });
    closers.push(model.close);
    product = await startProduct({ via: "node" });
    const { widget, inbox, answer } = await openConversation(product, model.baseUrl);
    await sleep(600); // both chunks sent; the model now stalls
    const pids = productProcesses(product);

    const signalledAt = Date.now();
    process.kill(product.pid, "SIGTERM");
    const exited = await product.exited;
    expect(exited.at - signalledAt).toBeLessThan(STOP_WITHIN_MS);
    expect(await waitUntil(() => pids.every((pid) => !alive(pid)), signalledAt + STOP_WITHIN_MS - Date.now())).toBe(true);
    for (const stream of [widget, inbox]) {
      const ended = await stream.ended;
      expect(ended.how).toBe("ended");
      expect(ended.at - signalledAt).toBeLessThan(1500);
    }
    // The stalled answer was cut at the grace period's end: its response did not complete.
    const sent = await answer;
    expect(sent.text).not.toContain("bot_message");
  });
});
