import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type Response } from "@playwright/test";
import { createBot, E2E, embedSnippet, expect, signUp, test } from "./fixtures";

/** The budgets (bytes, gzip -9 of each response's body): the opened widget's code, styles and page; the loader. */
const WIDGET_BUDGET = 50 * 1024;
const LOADER_BUDGET = 4 * 1024;

// What a visitor's browser downloads for the widget: the loader on the host page, then everything
// the opened widget loads from the chat server (its page, scripts, styles, fonts, images), measured
// in a real browser and gzipped. Calls of the API (the conversation's data) are not the widget's
// weight. `npm run bench:widget` runs this spec and prints the figures (reports/widget-weight.json).
test("the widget opened from the loader stays within its weight budget", async ({ page, tenant, hostPage, context }) => {
  await signUp(page, tenant);
  await createBot(page, "Weighed assistant");
  const { snippet } = await embedSnippet(page);

  const host = await context.newPage();
  const measured: Promise<{ url: string; type: string; bytes: number; gzip: number }>[] = [];
  host.on("response", (response: Response) => {
    const url = new URL(response.url());
    const type = response.request().resourceType();
    if (url.origin !== E2E.chatUrl || url.pathname.startsWith("/api/") || !["document", "script", "stylesheet", "font", "image"].includes(type)) return;
    measured.push(response.body().then((body) => ({ url: url.pathname, type, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length })));
  });
  await host.goto(await hostPage(snippet));
  await host.getByRole("button", { name: "Open chat" }).click();
  const chat = host.frameLocator("#kefu-frame");
  await expect(chat.getByRole("heading", { name: "Weighed assistant" })).toBeVisible();
  await host.waitForLoadState("networkidle");

  const responses = await Promise.all(measured);
  const loader = responses.filter((r) => r.url === "/widget.js");
  const widget = responses.filter((r) => r.url !== "/widget.js");
  const sum = (list: typeof responses) => list.reduce((total, r) => total + r.gzip, 0);
  const result = {
    loader_gzip_bytes: sum(loader),
    widget_gzip_bytes: sum(widget),
    widget_files: widget.length,
    widget_bytes: widget.reduce((total, r) => total + r.bytes, 0),
    files: responses,
  };
  mkdirSync("reports", { recursive: true });
  writeFileSync(path.join("reports", "widget-weight.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));

  expect(loader).toHaveLength(1);
  expect(widget.some((r) => r.type === "script")).toBe(true);
  expect(result.widget_gzip_bytes, "the opened widget's weight (gzip)").toBeLessThanOrEqual(WIDGET_BUDGET);
  expect(result.loader_gzip_bytes, "the loader's weight (gzip)").toBeLessThanOrEqual(LOADER_BUDGET);
});

test("the loader preloads the widget while the host page is idle; the conversation starts only when it is opened", async ({ page, tenant, hostPage, context }) => {
  await signUp(page, tenant);
  await createBot(page, "Preloaded assistant");
  const { snippet } = await embedSnippet(page);

  const host = await context.newPage();
  const loaded: string[] = [];
  host.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === E2E.chatUrl) loaded.push(url.pathname);
  });
  await host.goto(await hostPage(snippet));
  // Before any click: the hidden iframe has its page, script and styles, and has started nothing.
  await expect(host.locator("#kefu-frame")).toBeAttached();
  await expect(host.locator("#kefu-panel")).toBeHidden();
  await expect.poll(() => loaded.filter((p) => /^\/widget-assets\/widget-.*\.(js|css)$/.test(p)).length).toBe(2);
  await expect(host.frameLocator("#kefu-frame").getByRole("heading", { name: "Preloaded assistant" })).toHaveCount(0);
  expect(loaded.filter((p) => p.startsWith("/api/trpc/chat.start"))).toEqual([]);

  // Opened: no asset is fetched again, the conversation starts, and it works.
  const before = loaded.length;
  await host.getByRole("button", { name: "Open chat" }).click();
  const chat = host.frameLocator("#kefu-frame");
  await expect(chat.getByRole("heading", { name: "Preloaded assistant" })).toBeVisible();
  expect(loaded.slice(before).filter((p) => !p.startsWith("/api/"))).toEqual([]);
  expect(loaded.filter((p) => p.startsWith("/api/trpc/chat.start"))).toHaveLength(1);
  await chat.getByLabel("Type your question…").fill("Hello?");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-bot").last()).toBeVisible();
});
