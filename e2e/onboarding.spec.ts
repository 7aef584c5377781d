import { addFaq, botTab, createBot, expect, openWidget, signUp, test } from "./fixtures";

// A new workspace from sign-up to a widget answering on a customer's site, guided by the checklist:
// each step is ticked from what was really done, not from clicks on the list.
test("onboarding: sign-up, the checklist ticks each real step up to a working embedded widget, then hides", async ({ page, tenant, hostPage, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, tenant);
  const checklist = page.getByTestId("onboarding");
  const step = (name: string) => checklist.getByTestId(`onboarding-${name}`);
  await expect(checklist.getByRole("heading", { name: "Get started" })).toBeVisible();
  await expect(page.getByTestId("onboarding-progress")).toHaveText("0 of 5 done");
  // The empty bots page says what to do next.
  await expect(page.getByText("No bots yet")).toBeVisible();
  await expect(step("bot").getByRole("link")).toHaveAttribute("href", "/bots");

  await createBot(page, "Front desk");
  await addFaq(page, { question: "Do you ship abroad?", alternatives: ["international delivery"], answer: "Yes, we ship to 40 countries." });
  await page.getByRole("link", { name: "Bots", exact: true }).click();
  await expect(page.getByTestId("onboarding-progress")).toHaveText("2 of 5 done");
  await expect(step("bot")).toHaveAttribute("data-done", "true");
  await expect(step("knowledge")).toHaveAttribute("data-done", "true");
  await expect(step("tried")).toHaveAttribute("data-done", "false");

  // The snippet step leads to the bot's Widget tab, where copying it counts.
  await step("snippet").getByRole("link").click();
  await expect(page.getByRole("tab", { name: "Widget" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "Copy" }).first().click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toMatch(/^<script src="[^"]+\/widget\.js" data-bot-id="bot_[A-Za-z0-9]{20}" async><\/script>$/);

  // The snippet on a customer's page (another origin): the widget answers.
  const { chat } = await openWidget(context, await hostPage(snippet));
  await chat.getByLabel("Type your question…").fill("do you ship abroad?");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-bot").last()).toContainText("40 countries");

  await page.getByRole("link", { name: "Bots", exact: true }).click();
  await expect(page.getByTestId("onboarding-progress")).toHaveText("4 of 5 done");
  await expect(step("tried")).toHaveAttribute("data-done", "true");
  await expect(step("snippet")).toHaveAttribute("data-done", "true");

  await step("invited").getByRole("link").click();
  await expect(page).toHaveURL(/\/settings\/team$/);
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByTestId("invite-link")).not.toHaveValue("");
  await page.getByRole("link", { name: "Bots", exact: true }).click();
  await expect(page.getByTestId("onboarding-progress")).toHaveText("5 of 5 done");
  await expect(checklist).toContainText("All set: your bot is live.");

  // Hidden for good, for this member.
  await checklist.getByRole("button", { name: "Hide the checklist" }).click();
  await expect(checklist).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Bots" })).toBeVisible();
  await expect(checklist).toHaveCount(0);
  // The bot page opened from the list keeps its sections.
  await page.getByRole("link", { name: /Front desk/ }).click();
  await botTab(page, "Knowledge");
  await expect(page.getByRole("list", { name: "FAQ entries" })).toContainText("Do you ship abroad?");
});

test("onboarding in Chinese: the checklist and the empty state speak the dashboard's language", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByTestId("onboarding").getByRole("heading", { name: "快速上手" })).toBeVisible();
  await expect(page.getByTestId("onboarding-progress")).toHaveText("已完成 0/5 项");
  await expect(page.getByText("还没有机器人")).toBeVisible();
});
