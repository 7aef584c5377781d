import { addFaq, botTab, createBot, expect, signUp, test } from "./fixtures";

// A regression test set in the dashboard: a question with the entry that should answer it passes;
// an edit of that entry breaks the answer, the set runs by itself once the knowledge settles, and
// the bot page flags the new failure with a link to the results.

const ENTRIES = [
  { question: "How do I get a refund for my order?", alternatives: ["I want my money back"], answer: "Open the order and choose Refund." },
  { question: "How long does shipping take?", alternatives: ["When will my parcel arrive"], answer: "Parcels arrive in 3 to 5 working days." },
  { question: "I forgot my password", alternatives: ["How can I reset my password?"], answer: "Use the reset link on the sign-in page." },
  { question: "Can I get an invoice for my purchase?", alternatives: ["Where do I download invoices"], answer: "Invoices are under Account, Orders." },
  { question: "How do I cancel my subscription?", alternatives: ["Stop my monthly plan"], answer: "Cancel it under Account, Plan." },
  { question: "Which payment methods do you accept?", alternatives: ["Can I pay with a credit card"], answer: "Cards, PayPal and bank transfer." },
];

test("a test set passes, an edit breaks its answer, the run after the change flags it on the bot page", async ({ page, tenant }) => {
  test.setTimeout(180_000);
  await signUp(page, tenant);
  await createBot(page, "Regression shop");
  const botUrl = page.url();
  for (const entry of ENTRIES) await addFaq(page, entry);

  await page.getByRole("link", { name: "Improve" }).click();
  await page.getByRole("navigation", { name: "Improve sections" }).getByRole("link", { name: "Tests" }).click();
  await expect(page.getByRole("heading", { name: "Regression tests" })).toBeVisible();
  await expect(page.getByText("No test sets yet.")).toBeVisible();
  const newSet = page.getByRole("form", { name: "New test set" });
  await newSet.getByLabel("Name").fill("Core answers");
  await newSet.getByRole("button", { name: "Create set" }).click();
  await expect(page.getByRole("heading", { name: "Core answers" })).toBeVisible();
  await expect(page.getByText("No questions yet.")).toBeVisible();

  const add = page.getByRole("form", { name: "Add question" });
  await add.getByLabel("Question").fill("When will my parcel arrive?");
  await add.getByLabel("Choose knowledge…").selectOption({ label: "How long does shipping take?" });
  await add.getByRole("button", { name: "Add", exact: true }).click();
  await expect(add.getByRole("button", { name: "Remove How long does shipping take?" })).toBeVisible();
  await add.getByRole("button", { name: "Add question" }).click();
  const cases = page.getByRole("list", { name: "Questions" });
  await expect(cases.getByTestId("test-case")).toContainText("Should be answered from: How long does shipping take?");
  await page.getByLabel("Run after every knowledge change").check();
  await expect(page.getByLabel("Run after every knowledge change")).toBeChecked();

  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText(/Last run .*: 1 of 1 passed/)).toBeVisible();
  await expect(cases.getByTestId("test-case")).toContainText("Cited: How long does shipping take? · Answered");
  await expect(cases.getByTestId("test-case")).toContainText("Pass");

  // The shipping entry becomes something else: the old question loses its answer.
  await page.goto(botUrl);
  await expect(page.getByRole("alert").filter({ hasText: "An answer that used to work is broken" })).toHaveCount(0);
  await botTab(page, "Knowledge");
  const faqs = page.getByRole("list", { name: "FAQ entries" });
  await faqs.getByRole("button", { name: "Edit How long does shipping take?" }).click();
  const edit = faqs.getByRole("form", { name: "Save" });
  await edit.getByLabel("Question").fill("Do you have a shop in Berlin?");
  await edit.getByLabel("Other ways to ask (one per line)").fill("Store address");
  await edit.getByLabel("Answer").fill("Our store is at Torstraße 1.");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(faqs).toContainText("Do you have a shop in Berlin?");

  // The set runs once the knowledge has settled (a few seconds after the edit, in the background).
  const flagged = page.getByRole("alert").filter({ hasText: "An answer that used to work is broken" });
  await expect(async () => {
    await page.reload();
    await expect(flagged).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });
  await expect(flagged).toContainText('1 question(s) of the test set "Core answers"');
  await expect(flagged).toContainText("When will my parcel arrive?");
  await flagged.getByRole("link", { name: "See the test results" }).click();

  await expect(page).toHaveURL(/\/improve\/tests\?bot=.+&set=.+&run=.+/);
  await expect(cases.getByTestId("test-case")).toContainText("Fail · New failure");
  const runs = page.getByRole("table", { name: "History" }).getByTestId("test-run");
  // Newest first: the run after the edit (once, however many workers saw the change settle), and the
  // manual run before it. (The first knowledge added may also have started a run of its own.)
  await expect(runs.first()).toContainText("Knowledge change");
  await expect(runs.first()).toContainText("0/1 (0%) · 1 New failure");
  await expect(runs.first()).toContainText("Do you have a shop in Berlin? (edited)");
  await expect(runs.filter({ hasText: "Do you have a shop in Berlin? (edited)" })).toHaveCount(1);
  await expect(runs.filter({ hasText: "Run now" })).toContainText("1/1 (100%)");

  // In Chinese.
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "回归测试" })).toBeVisible();
  await expect(page.getByRole("table", { name: "历史记录" }).getByTestId("test-run").first()).toContainText("知识变更");
});
