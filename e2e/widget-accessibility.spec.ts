import AxeBuilder from "@axe-core/playwright";
import { type Page } from "@playwright/test";
import { addFaq, createBot, embedSnippet, expect, hostedChatUrl, openWidget, signUp, test } from "./fixtures";

// WCAG 2.2 AA as axe checks it, for what a visitor uses: the widget on a customer's page (axe
// enters the frame) and the hosted chat page, with an answer, its feedback and the rating survey.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function seriousViolations(page: Page, include?: string) {
  const builder = new AxeBuilder({ page }).withTags(TAGS);
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

test("the widget and the hosted chat page have no serious or critical axe violations", async ({ page, tenant, hostPage, context }) => {
  test.setTimeout(180_000);
  await signUp(page, tenant);
  await createBot(page, "Accessible shop");
  await addFaq(page, { question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within **3 to 5** business days." });
  const { snippet } = await embedSnippet(page);
  const hosted = await hostedChatUrl(page);

  // The launcher on the customer's page, closed.
  const { host, chat } = await openWidget(context, await hostPage(snippet));
  await expect(chat.getByLabel("Type your question…")).toBeVisible();
  expect(await seriousViolations(host), "opened, empty").toEqual([]);

  // An answer with its citation and feedback buttons, a thumbs-down's reasons open.
  await chat.getByLabel("Type your question…").fill("What is the delivery time?");
  await chat.getByRole("button", { name: "Send" }).click();
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText("3 to 5");
  expect(await seriousViolations(host), "with an answer").toEqual([]);

  // Closing asks for a rating first: the survey too.
  await chat.getByRole("button", { name: "Close chat" }).click();
  await expect(chat.getByTestId("rating-prompt")).toBeVisible();
  expect(await seriousViolations(host), "rating survey").toEqual([]);

  // The hosted chat page, its own page.
  const visitor = await context.newPage();
  await visitor.goto(hosted);
  await visitor.getByLabel("Type your question…").fill("How long does shipping take?");
  await visitor.getByRole("button", { name: "Send" }).click();
  await expect(visitor.getByTestId("message-bot").last()).toContainText("3 to 5");
  expect(await seriousViolations(visitor), "hosted page").toEqual([]);
});

test("the open widget by keyboard: focus goes to the message box, Tab stays inside on a phone and a desktop, Escape closes back to the launcher", async ({ page, tenant, hostPage, browser, context }) => {
  test.setTimeout(120_000);
  await signUp(page, tenant);
  await createBot(page, "Keyboard shop");
  const { snippet } = await embedSnippet(page);
  const html = `<meta name="viewport" content="width=device-width, initial-scale=1"><a href="#before">Before</a>${snippet}<a href="#after">After</a>`;
  const url = await hostPage(html);
  const frameFocus = (host: Page) =>
    host.frames().find((f) => f.url().includes("/widget/"))!.evaluate(() => {
      const el = document.activeElement;
      return el ? el.getAttribute("aria-label") || el.id || el.textContent?.trim() || el.tagName : null;
    });

  // Tab and Shift+Tab go round inside the open widget: the host page's own links are never reached.
  async function tabStaysInside(host: Page) {
    const seen = new Set<string | null>();
    for (let i = 0; i < 12; i++) {
      await host.keyboard.press(i % 4 === 3 ? "Shift+Tab" : "Tab");
      expect(await host.evaluate(() => document.activeElement?.id), `after key ${i + 1}`).toBe("kefu-frame");
      seen.add(await frameFocus(host));
    }
    expect(seen).toContain("Close chat");
    expect(seen).toContain("kefu-chat-input");
  }

  // A phone: the widget covers the page.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const host = await phone.newPage();
    await host.goto(url);
    await host.getByRole("button", { name: "Open chat" }).click();
    const chat = host.frameLocator("#kefu-frame");
    await expect(chat.getByLabel("Type your question…")).toBeFocused();
    await chat.getByLabel("Type your question…").fill("Hello");
    await tabStaysInside(host);
    await host.keyboard.press("Escape");
    await expect(host.locator("#kefu-panel")).toBeHidden();
    await expect(host.locator("#kefu-launcher")).toBeFocused();
  } finally {
    await phone.close();
  }

  // A desktop: the panel beside the page keeps the keyboard inside too, until it is closed.
  const { host, chat } = await openWidget(context, url);
  await expect(chat.getByLabel("Type your question…")).toBeFocused();
  await chat.getByLabel("Type your question…").fill("Hello");
  await tabStaysInside(host);
  await chat.getByRole("button", { name: "Send", exact: true }).click();
  await expect(chat.getByTestId("message-bot").last()).toBeVisible();
  await chat.getByLabel("Type your question…").focus();
  // With an answer the × asks for a rating first; Escape leaves at once.
  await host.keyboard.press("Escape");
  await expect(host.locator("#kefu-panel")).toBeHidden();
  await expect(host.getByRole("button", { name: "Open chat" })).toBeFocused();
  // Closed, the widget is out of the way: Shift+Tab from the launcher goes back along the host page.
  await host.keyboard.press("Shift+Tab");
  await expect(host.getByRole("link", { name: "After" })).toBeFocused();
});
