import { type Page } from "@playwright/test";
import { addFaq, botTab, createBot, E2E, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// "Did you mean": a question the bot is not sure about gets the nearest entries as quick replies
// (with "talk to a person" beside them); choosing one answers it with its citation.

/** A bot that answers only a perfect match (threshold 1): a paraphrase near an entry lands in the band. */
async function unsureBot(page: Page, name: string, language: "en" | "zh" = "en") {
  await createBot(page, name, language);
  // The dashboard speaks its member's language (English here), whatever the bot's.
  await botTab(page, "AI model");
  const model = page.getByRole("form", { name: "AI model" });
  await model.getByLabel("Answer threshold").fill("1");
  await model.getByRole("button", { name: "Save" }).click();
  await expect(model.getByText("Saved", { exact: true })).toBeVisible();
}

test("did you mean: quick replies in the widget and the hosted page, chosen by click or keyboard, answered with a citation", async ({
  page,
  tenant,
  hostPage,
  context,
}) => {
  test.setTimeout(120_000);
  await signUp(page, tenant);
  await unsureBot(page, "Band shop");
  await addFaq(page, { question: "How long does shipping take?", alternatives: ["when will my order arrive", "delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  await addFaq(page, { question: "Do you ship abroad?", alternatives: ["international delivery"], answer: "We ship to 40 countries." });
  const { snippet, publicId } = await embedSnippet(page);

  // The playground shows the decision and what would be offered.
  await botTab(page, "Playground");
  const playground = page.getByRole("form", { name: "Playground" });
  await playground.getByLabel("Question to try").fill("shipping time to my house?");
  await playground.getByRole("button", { name: "Try" }).click();
  await expect(page.getByTestId("playground-decision")).toContainText("did you mean");
  await expect(page.getByTestId("playground-suggestions")).toContainText("How long does shipping take?");

  // The widget on a customer's page: the band, then a click.
  const { host, chat } = await openWidget(context, await hostPage(snippet));
  await chat.getByLabel("Type your question…").fill("shipping time to my house?");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-bot").last()).toContainText("I'm not sure I understood. Did you mean one of these?");
  const band = chat.getByRole("group", { name: "Did you mean…" });
  await expect(band.getByRole("button", { name: "How long does shipping take?" })).toBeVisible();
  await expect(band.getByRole("button", { name: "Talk to a person" })).toBeVisible();
  await expect(band.getByRole("button")).toHaveCount(await band.getByTestId("suggestion").count() + 1);
  await band.getByRole("button", { name: "How long does shipping take?" }).click();
  await expect(chat.getByTestId("message-visitor").last()).toHaveText("How long does shipping take?");
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText("Orders arrive within 3 to 5 business days.");
  await expect(answer.getByTestId("citations")).toContainText("How long does shipping take?");
  // Chosen: the buttons are gone, also after a reload (the history replays the offer).
  await expect(chat.getByTestId("suggestions")).toHaveCount(0);
  await host.reload();
  if (!(await host.locator("#kefu-frame").isVisible())) await host.getByRole("button", { name: "Open chat" }).click();
  await expect(host.frameLocator("#kefu-frame").getByTestId("message-bot").last()).toContainText("3 to 5 business days");
  await expect(host.frameLocator("#kefu-frame").getByTestId("suggestions")).toHaveCount(0);

  // The conversation's page shows agents what was offered.
  await page.getByRole("link", { name: "Conversations" }).click();
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expect(page.getByTestId("transcript-suggestions")).toContainText("How long does shipping take?");

  // The hosted page, a new visitor, with the keyboard only.
  const hosted = await context.newPage();
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  await hosted.getByLabel("Type your question…").fill("international delivery options?");
  await hosted.getByRole("button", { name: "Send" }).click();
  const offered = hosted.getByRole("group", { name: "Did you mean…" }).getByRole("button", { name: "Do you ship abroad?" });
  await offered.focus();
  await hosted.keyboard.press("Enter");
  await expect(hosted.getByTestId("message-bot").last()).toContainText("We ship to 40 countries.");
  await expect(hosted.getByTestId("message-bot").last().getByTestId("citations")).toContainText("Do you ship abroad?");
  await expect(hosted.getByTestId("suggestions")).toHaveCount(0);
  // Focus went back to the message box, not to the page.
  await expect(hosted.getByLabel("Type your question…")).toBeFocused();
});

test("did you mean in Chinese: typing on instead of choosing puts the choices away", async ({ page, tenant, context }) => {
  await signUp(page, tenant);
  await unsureBot(page, "中文客服", "zh");
  await addFaq(page, { question: "怎么申请退款？", alternatives: ["我想退款"], answer: "请在订单页面点击“申请退款”。" });
  const { publicId } = await embedSnippet(page);
  const hosted = await context.newPage();
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  await hosted.getByLabel("请输入您的问题…").fill("退款怎么弄");
  await hosted.getByRole("button", { name: "发送" }).click();
  await expect(hosted.getByTestId("message-bot").last()).toContainText("我不太确定您想问的是哪一个");
  const band = hosted.getByRole("group", { name: "您是想问…" });
  await expect(band.getByRole("button", { name: "怎么申请退款？" })).toBeVisible();
  await expect(band.getByRole("button", { name: "转人工" })).toBeVisible();
  await hosted.getByLabel("请输入您的问题…").fill("算了，谢谢");
  await hosted.getByRole("button", { name: "发送" }).click();
  await expect(hosted.getByTestId("message-visitor").last()).toHaveText("算了，谢谢");
  await expect(hosted.getByTestId("message-bot")).toHaveCount(2);
  // The first reply's choices are put away (a new reply may offer its own).
  await expect(hosted.getByTestId("message-bot").first().getByTestId("suggestions")).toHaveCount(0);
});
