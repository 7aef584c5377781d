import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Locator, type Page } from "@playwright/test";
import { XSS_CORPUS } from "@kefu/ui/testing";
import { addFaq, botTab, createBot, E2E, embedSnippet, expect, signUp, test } from "./fixtures";

// Bot answers and agents' replies are Markdown. A tenant's FAQ answer (and an agent's reply) full of
// stored-XSS tricks reaches the widget, the hosted page, the inbox, the conversation page and the
// playground: the harmless Markdown renders as elements, every payload stays text, nothing runs.

const DANGEROUS_ELEMENTS = "script, iframe, frame, object, embed, svg, math, img, style, link, form, details, base, meta";

/**
 * Whatever in `scope` could run: elements that should not be there (`selector`), on* attributes,
 * dangerous URLs, scripts carrying a payload.
 */
async function dangers(scope: Locator, selector = DANGEROUS_ELEMENTS) {
  return scope.evaluate((root, selector) => {
    const found: string[] = [];
    if (selector) for (const el of root.querySelectorAll(selector)) found.push(`<${el.tagName.toLowerCase()}>`);
    for (const script of root.querySelectorAll("script")) if (/__xss|alert\(/.test(script.textContent ?? "")) found.push(`script: ${script.textContent}`);
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${attr.name} on <${el.tagName.toLowerCase()}>`);
        if (/^(href|src|action|formaction|srcdoc|xlink:href|data)$/i.test(attr.name) && /^\s*(javascript|vbscript|data|file):/i.test(attr.value)) {
          found.push(`${attr.name}=${attr.value}`);
        }
      }
    }
    return found;
  }, selector);
}

/**
 * What could run in a rendered answer: any dangerous element in its Markdown (the part written from
 * knowledge), and on* attributes or dangerous URLs anywhere in the message (which also holds the
 * product's own controls, e.g. the feedback buttons' icons).
 */
async function answerDangers(answer: Locator) {
  const markdown = answer.locator("[data-markdown]");
  await expect(markdown.first()).toBeAttached();
  const inMarkdown = (await Promise.all((await markdown.all()).map((m) => dangers(m)))).flat();
  return [...inMarkdown, ...(await dangers(answer, ""))];
}

/** The corpus's answer as shown: its Markdown as elements, its payloads as text, nothing dangerous. */
async function expectSafeAnswer(answer: Locator) {
  await expect(answer.locator("strong", { hasText: "free" })).toBeVisible();
  await expect(answer.locator("li")).toHaveText(["keep the receipt", "use the original box"]);
  const link = answer.getByRole("link", { name: "returns page" });
  await expect(link).toHaveAttribute("href", "https://help.example.com/returns");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(answer.locator("code").first()).toHaveText("<img src=x onerror=alert(1)>");
  await expect(answer).toContainText("<script>window.__xss=1;alert(1)</script>");
  await expect(answer).toContainText("<svg onload=\"window.__xss=1\">");
  // Links with refused schemes keep their text, without a link.
  await expect(answer.getByText("mixed case", { exact: true })).toBeVisible();
  await expect(answer.getByRole("link", { name: "mixed case" })).toHaveCount(0);
  // Every link left points where it said, over https.
  for (const href of await answer.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
    expect(href).toMatch(/^https:\/\/(help|safe)\.example(\.com)?\//);
  }
  expect(await answerDangers(answer)).toEqual([]);
}

/** No dialog opened and no payload set its flag, in the page and each of its frames. */
async function expectNothingRan(page: Page, dialogs: string[]) {
  expect(dialogs).toEqual([]);
  for (const frame of page.frames()) {
    expect(await frame.evaluate(() => (window as { __xss?: unknown }).__xss), frame.url()).toBeUndefined();
    // The apps' own pages carry scripts (and the host page the widget's frame): attributes, URLs and script text are checked there.
    expect(await dangers(frame.locator("html"), ""), frame.url()).toEqual([]);
  }
}

function watchDialogs(page: Page, dialogs: string[]) {
  page.on("dialog", (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

test("Markdown answers render safely in the playground, the widget, the hosted page, the inbox and the conversation page", async ({
  page,
  tenant,
  hostPage,
  context,
}) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  watchDialogs(page, dialogs);
  await signUp(page, tenant);
  await createBot(page, "Markdown shop");
  await addFaq(page, { question: "What is the returns policy?", answer: XSS_CORPUS });
  const { snippet, publicId } = await embedSnippet(page);

  // The playground.
  await botTab(page, "Playground");
  const playground = page.getByRole("form", { name: "Playground" });
  await playground.getByLabel("Question to try").fill("what is the returns policy?");
  await playground.getByRole("button", { name: "Try" }).click();
  await expectSafeAnswer(page.getByTestId("playground-answer"));

  // The widget on a customer's page (another origin).
  const host = await context.newPage();
  watchDialogs(host, dialogs);
  await host.goto(await hostPage(snippet));
  await host.getByRole("button", { name: "Open chat" }).click();
  const chat = host.frameLocator("#kefu-frame");
  await chat.getByLabel("Type your question…").fill("what is the returns policy?");
  await chat.getByRole("button", { name: "Send" }).click();
  await expectSafeAnswer(chat.getByTestId("message-bot").last());
  // What the visitor typed stays as typed: Markdown from a visitor is not rendered.
  await chat.getByLabel("Type your question…").fill("my order **4711** [click](https://evil.example/)");
  await chat.getByRole("button", { name: "Send" }).click();
  const visitorLine = chat.getByTestId("message-visitor").last();
  await expect(visitorLine).toHaveText("my order **4711** [click](https://evil.example/)");
  await expect(visitorLine.locator("strong, a")).toHaveCount(0);

  // The visitor asks for a person; the agent reads the transcript in the inbox and answers in Markdown.
  await chat.getByRole("button", { name: "Talk to a person" }).click();
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  const queue = page.getByRole("list", { name: "Conversations" });
  await queue.getByRole("link").first().click();
  const log = page.getByRole("log", { name: "Transcript" });
  await expectSafeAnswer(log.getByTestId("inbox-message-bot").filter({ hasText: "returns page" }).first());
  await expect(log.getByTestId("inbox-message-visitor").last().locator("strong, a")).toHaveCount(0);
  await page.getByRole("button", { name: "Claim" }).click();
  const reply = page.getByLabel("Reply", { exact: true });
  await reply.fill("**On it.** Track it [here](https://help.example.com/track) or [there](javascript:alert(1)) <img src=x onerror=alert(1)>");
  await reply.press("Enter");
  const agentLine = chat.getByTestId("message-agent").last();
  await expect(agentLine.locator("strong")).toHaveText("On it.");
  await expect(agentLine.getByRole("link", { name: "here" })).toHaveAttribute("href", "https://help.example.com/track");
  await expect(agentLine.getByRole("link", { name: "there" })).toHaveCount(0);
  await expect(agentLine).toContainText("<img src=x onerror=alert(1)>");
  expect(await dangers(agentLine)).toEqual([]);
  await expect(log.getByTestId("inbox-message-agent").last().locator("strong")).toHaveText("On it.");

  // The conversation's page in the dashboard.
  await page.getByRole("link", { name: "Conversations" }).click();
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expectSafeAnswer(page.getByTestId("transcript-bot").filter({ hasText: "returns page" }).first());

  // The hosted chat page, to a new visitor.
  const hosted = await context.newPage();
  watchDialogs(hosted, dialogs);
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  await hosted.getByLabel("Type your question…").fill("what is the returns policy?");
  await hosted.getByRole("button", { name: "Send" }).click();
  await expectSafeAnswer(hosted.getByTestId("message-bot").last());

  for (const p of [page, host, hosted]) await expectNothingRan(p, dialogs);
});

test("a one-line FAQ answer reads as it always did: a single paragraph", async ({ page, tenant, context }) => {
  await signUp(page, tenant);
  await createBot(page, "中文客服", "zh");
  await addFaq(page, { question: "怎么申请退款？", answer: "请在订单页面点击“申请退款”，3 个工作日内处理。" });
  const { publicId } = await embedSnippet(page);
  const hosted = await context.newPage();
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  await hosted.getByLabel("请输入您的问题…").fill("怎么申请退款");
  await hosted.getByRole("button", { name: "发送" }).click();
  const answer = hosted.getByTestId("message-bot").last();
  await expect(answer).toContainText("请在订单页面点击“申请退款”，3 个工作日内处理。");
  // One paragraph, nothing else: the bubble reads as before.
  await expect(answer.locator("[data-markdown] > *")).toHaveCount(1);
  await expect(answer.locator("[data-markdown] > p")).toHaveCount(1);
});

test("an uploaded help-centre page built from <div>s is answered from, its list shown as a list", async ({ page, tenant, context }) => {
  await signUp(page, tenant);
  await createBot(page, "帮助中心", "zh");
  const html = await readFile(path.join(__dirname, "../packages/api/src/knowledge/fixtures/help-centre-divs.html"), "utf8");
  await botTab(page, "Knowledge");
  await page.getByLabel("Upload a file").setInputFiles({ name: "returns.html", mimeType: "text/html", buffer: Buffer.from(html) });
  const docs = page.getByRole("list", { name: "Documents" });
  await expect(docs.getByRole("listitem").filter({ hasText: "退货与退款" }).getByTestId("source-status")).toHaveText("Ready");
  const { publicId } = await embedSnippet(page);
  const hosted = await context.newPage();
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  await hosted.getByLabel("请输入您的问题…").fill("退款多久到账？");
  await hosted.getByRole("button", { name: "发送" }).click();
  const answer = hosted.getByTestId("message-bot").last();
  await expect(answer.locator("li", { hasText: "银行卡：3–7 个工作日。" })).toBeVisible();
  await expect(answer).not.toContainText("- 银行卡");
  expect(await answerDangers(answer)).toEqual([]);
});
