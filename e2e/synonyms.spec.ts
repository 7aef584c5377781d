import { addFaq, botTab, createBot, expect, signUp, test } from "./fixtures";

// A workspace's own synonym set, added in the dashboard, changes what the bot answers.
test("a synonym set added in the dashboard lets the playground answer in the customer's word", async ({ page, tenant }) => {
  test.setTimeout(120_000);
  await signUp(page, tenant);
  await createBot(page, "Apparel desk");
  await addFaq(page, { question: "How do I wash my hoodie?", answer: "Machine wash cold, inside out, and hang to dry." });
  await addFaq(page, { question: "How do I wash my jeans?", answer: "Wash jeans rarely, cold and inside out, to keep the colour." });
  await addFaq(page, { question: "Can I return a sweater?", answer: "Unworn sweaters can be returned within 30 days." });
  await addFaq(page, { question: "How long does a refund take?", answer: "Refunds reach your account within 5 working days." });

  // The playground and the synonyms are on two tabs of the bot page.
  const playground = page.getByRole("form", { name: "Playground" });
  const ask = async () => {
    await botTab(page, "Playground");
    await playground.getByLabel("Question to try").fill("sweatshirt washing instructions");
    await playground.getByRole("button", { name: "Try", exact: true }).click();
  };
  await ask();
  await expect(page.getByTestId("playground-answer")).toBeVisible();
  await expect(page.getByTestId("playground-answer")).not.toContainText("Machine wash cold");

  await botTab(page, "Knowledge");
  const add = page.getByRole("form", { name: "New set" });
  await add.getByLabel("New set").fill("hoodie, sweatshirt、hooded top\nhoodie");
  await expect(add).toContainText("Main word: hoodie · 3 words");
  await add.getByRole("button", { name: "Add set" }).click();
  const own = page.getByRole("list", { name: "Your synonym sets" });
  await expect(own.getByRole("listitem")).toHaveCount(1);
  await expect(own).toContainText("sweatshirt");
  await expect(add.getByLabel("New set")).toHaveValue("");

  // A word already in a set is refused, naming the set.
  await add.getByLabel("New set").fill("jumper, sweatshirt");
  await add.getByRole("button", { name: "Add set" }).click();
  await expect(add).toContainText('"sweatshirt" is already in the set "hoodie, sweatshirt, hooded top"');

  await ask();
  await expect(page.getByTestId("playground-answer")).toContainText("Machine wash cold");

  // The built-in sets, read-only.
  await botTab(page, "Knowledge");
  await page.getByText(/^Built-in sets \(\d+\)$/).click();
  await expect(page.getByRole("list", { name: "Built-in synonym sets" })).toContainText("refund");

  // Edit, then delete: the answer reverts.
  await own.getByRole("button", { name: "Edit: hoodie, sweatshirt, hooded top" }).click();
  const edit = page.getByRole("form", { name: "Edit set" });
  await edit.getByLabel("Edit set").fill("hoodie, sweatshirt");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(own).not.toContainText("hooded top");
  await own.getByRole("button", { name: "Delete: hoodie, sweatshirt" }).click();
  await expect(page.getByText("No synonym sets yet.")).toBeVisible();
  await ask();
  await expect(page.getByTestId("playground-answer")).not.toContainText("Machine wash cold");

  await botTab(page, "Knowledge");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "同义词" })).toBeVisible();
  await expect(page.getByText("还没有同义词组。")).toBeVisible();
});
