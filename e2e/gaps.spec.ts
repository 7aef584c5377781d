import { addFaq, createBot, E2E, embedSnippet, expect, signUp, test } from "./fixtures";

// Knowledge gaps: a question the bot could not answer shows up under Improve → Knowledge gaps,
// becomes an FAQ entry in one click, and the bot answers it from then on.

test("a missed question becomes an FAQ entry from Knowledge gaps, and the bot then answers it", async ({ page, tenant, context }) => {
  test.setTimeout(120_000);
  await signUp(page, tenant);
  await createBot(page, "Gift shop");
  await addFaq(page, { question: "How long does shipping take?", alternatives: ["when will my order arrive"], answer: "Orders arrive within 3 to 5 business days." });
  const { publicId } = await embedSnippet(page);

  // A visitor asks what the knowledge does not hold, twice in other words.
  const hosted = await context.newPage();
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  for (const [i, question] of ["Do you sell gift cards?", "can I buy a gift card"].entries()) {
    await hosted.getByLabel("Type your question…").fill(question);
    await hosted.getByRole("button", { name: "Send" }).click();
    await expect(hosted.getByTestId("message-bot")).toHaveCount(i + 1);
  }

  // The bot page links to its gaps; both phrasings are one gap.
  await page.getByRole("link", { name: "Knowledge gaps →" }).click();
  await expect(page.getByRole("heading", { name: "Knowledge gaps", level: 1 })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Open (1)" })).toHaveAttribute("aria-selected", "true");
  const gap = page.getByRole("article");
  await expect(gap.getByRole("heading")).toHaveText(/gift card/i);
  await expect(gap).toContainText("Asked 2 times");
  await expect(gap).toContainText("Didn't know");
  await expect(gap).toContainText("“Do you sell gift cards?”");
  await expect(gap).toContainText("“can I buy a gift card”");

  // One click: the FAQ form comes prefilled with the question and the other phrasing.
  await gap.getByRole("button", { name: "Add to knowledge" }).click();
  const form = page.getByRole("form", { name: "Save entry" });
  const question = await form.getByLabel("Question").inputValue();
  const alternatives = await form.getByLabel("Other ways to ask (one per line)").inputValue();
  expect([question, alternatives].sort()).toEqual(["Do you sell gift cards?", "can I buy a gift card"].sort());
  await expect(form.getByLabel("Answer")).toHaveValue("");
  await form.getByLabel("Answer").fill("Yes: gift cards from 10 to 200 euros, in the shop and online.");
  await form.getByRole("button", { name: "Save entry" }).click();

  // Covered: it leaves the open gaps, with the entry it became.
  await expect(page.getByRole("tab", { name: "Open (0)" })).toBeVisible();
  await expect(page.getByText("No gaps in this period")).toBeVisible();
  await page.getByRole("tab", { name: "Covered (1)" }).click();
  await expect(page.getByTestId("gap-decision")).toContainText(`Covered by “${question}”`);
  await expect(page.getByTestId("gap-decision")).toContainText("Since then: 0 answered, 0 still missed");

  // The bot now answers it, with the new entry cited.
  await hosted.getByLabel("Type your question…").fill("Do you sell gift cards?");
  await hosted.getByRole("button", { name: "Send" }).click();
  await expect(hosted.getByTestId("message-bot")).toHaveCount(3);
  await expect(hosted.getByTestId("message-bot").last()).toContainText("gift cards from 10 to 200 euros");
  await expect(hosted.getByTestId("message-bot").last().getByTestId("citations")).toContainText(question);

  // ... and the gap counts that answer; the page in Chinese.
  await page.reload();
  await page.getByRole("tab", { name: "Covered (1)" }).click();
  await expect(page.getByTestId("gap-decision")).toContainText("Since then: 1 answered, 0 still missed");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "知识缺口", level: 1 })).toBeVisible();
  await page.getByRole("tab", { name: "已补充（1）" }).click();
  await expect(page.getByTestId("gap-decision")).toContainText("此后：答上 1 次，仍未答好 0 次");
});
