import { addFaq, createBot, embedSnippet, expect, signUp, test } from "./fixtures";

// Text from tenants (bot names, knowledge) and from visitors (messages) reaches other people's
// browsers: the visitor's widget and the agent's dashboard. It must arrive as text, never as markup
// that runs. Each payload sets a flag if it ever executes.
const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`;
const NAME_PAYLOAD = `<img src=x onerror=window.__xss=1>`;

test("markup in a bot name, an FAQ answer and a visitor message is shown as text, never run", async ({ page, tenant, hostPage, context }) => {
  await signUp(page, tenant);
  await createBot(page, `Shop ${NAME_PAYLOAD}`);
  await addFaq(page, { question: "What is the returns policy?", answer: `Returns within 30 days. ${PAYLOAD}` });
  const { snippet } = await embedSnippet(page);

  const host = await context.newPage();
  await host.goto(await hostPage(snippet));
  await host.getByRole("button", { name: "Open chat" }).click();
  const chat = host.frameLocator("#kefu-frame");
  await expect(chat.getByRole("heading", { name: `Shop ${NAME_PAYLOAD}` })).toBeVisible();
  await chat.getByLabel("Type your question…").fill(`what is the returns policy? ${PAYLOAD}`);
  await chat.getByRole("button", { name: "Send" }).click();
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText(`Returns within 30 days. ${PAYLOAD}`);
  await expect(chat.getByTestId("message-visitor").last()).toHaveText(`what is the returns policy? ${PAYLOAD}`);

  // The agent reads the same text in the dashboard.
  await page.getByRole("link", { name: "Conversations" }).click();
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expect(page.getByTestId("transcript-visitor")).toContainText(PAYLOAD);
  await expect(page.getByTestId("transcript-bot")).toContainText(PAYLOAD);

  // Nothing ran: not in the dashboard, the host page or the widget's frame, and no element was made.
  const frame = host.frames().find((f) => f.url().includes("/widget/"))!;
  for (const scope of [page, host, frame]) {
    expect(await scope.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await scope.locator('img[src="x"]').count()).toBe(0);
  }
});
