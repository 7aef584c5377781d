import { alerts, botTab, createBot, expect, hostedChatUrl, signUp, test } from "./fixtures";

test("handoff rules: defaults, a custom rule with a field error, the tester in en and zh, business hours", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Rules bot");
  await botTab(page, "Rules");

  await page.getByRole("button", { name: "Add default rules" }).click();
  const rules = page.getByRole("list", { name: "Handoff rules" });
  await expect(rules.getByTestId("rule-row")).toHaveCount(3);
  await expect(rules).toContainText("Visitor asks for a human");

  // A custom keyword + unsafe regex rule: the error sits under the pattern, nothing typed is lost.
  await page.getByRole("button", { name: "Add rule" }).click();
  const editor = page.getByRole("form", { name: "New rule" });
  await editor.getByLabel("Rule name").fill("Refunds");
  await editor.getByLabel("Type").first().selectOption("regex");
  await editor.getByLabel("Regular expression").fill("(a+)+");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByText(/Nested quantifiers/)).toBeVisible();
  await expect(editor.getByLabel("Rule name")).toHaveValue("Refunds");
  await editor.getByLabel("Regular expression").fill("refund|退款");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(rules.getByTestId("rule-row")).toHaveCount(4);
  await rules.getByRole("button", { name: "Move up: Refunds" }).click();
  await expect(rules.getByTestId("rule-row").nth(2)).toContainText("Refunds");
  await rules.getByRole("switch", { name: "On: Refunds" }).uncheck();
  await expect(rules.getByRole("switch", { name: "On: Refunds" })).not.toBeChecked();

  const tester = page.getByRole("form", { name: "Rule tester" });
  await tester.getByLabel("Visitor message").fill("我要转人工");
  await tester.getByRole("button", { name: "Test" }).click();
  const result = page.getByTestId("rule-tester-result");
  await expect(page.getByTestId("rule-tester-decision")).toContainText("Visitor asks for a human");
  await expect(result).toContainText('Visitor asked for a human ("转人工")');
  await expect(result.locator('[data-status="disabled"]')).toContainText("The rule is switched off.");
  await tester.getByLabel("Explanations in").selectOption("zh");
  await expect(result).toContainText("访客要求转人工");
  await expect(alerts(page)).toHaveCount(0);

  await page.getByRole("link", { name: "Business hours" }).click();
  await expect(page).toHaveURL(/\/settings\/hours$/);
  await page.getByLabel("We have business hours").check();
  await page.getByLabel("Time zone (IANA, e.g. Asia/Shanghai)").fill("Mars/Olympus");
  await page.getByLabel(/^Monday/).fill("09:00-18:00");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Unknown time zone.")).toBeVisible();
  await expect(page.getByLabel(/^Monday/)).toHaveValue("09:00-18:00");
  await page.getByLabel("Time zone (IANA, e.g. Asia/Shanghai)").fill("Asia/Shanghai");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Time zone (IANA, e.g. Asia/Shanghai)")).toHaveValue("Asia/Shanghai");
  await expect(page.getByLabel(/^Monday/)).toHaveValue("09:00-18:00");
});

test("a rule with a nested any-group of visitor attributes, tested on a real conversation picked from the list", async ({ page, tenant, context }) => {
  await signUp(page, tenant);
  await createBot(page, "Nested bot");

  // A visitor from the host site: attributes passed by the loader (#a=…), one message.
  const hosted = await hostedChatUrl(page);
  const chat = await context.newPage();
  await chat.goto(`${hosted}#a=${encodeURIComponent(JSON.stringify({ name: "Mia Wong", plan: "vip" }))}`);
  await chat.getByLabel("Type your question…").fill("I was charged twice and want my money back");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-visitor")).toHaveText("I was charged twice and want my money back");
  await expect(chat.getByTestId("message-bot").last()).not.toBeEmpty();

  // keyword AND (plan = vip OR ltv > 1000)
  await botTab(page, "Rules");
  await page.getByRole("button", { name: "Add rule" }).click();
  const editor = page.getByRole("form", { name: "New rule" });
  await editor.getByLabel("Rule name").fill("VIP billing");
  const first = editor.getByRole("group", { name: "Conditions 1", exact: true });
  await first.getByLabel("Type").selectOption("keyword");
  await first.getByLabel(/^Keywords/).fill("charged, refund");
  await editor.getByRole("button", { name: "Add group" }).click();
  const group = editor.getByRole("group", { name: "Group 2", exact: true });
  await group.getByLabel("Match (Group 2)").selectOption("any");
  const vip = group.getByRole("group", { name: "Conditions 2.1", exact: true });
  await vip.getByLabel("Type").selectOption("attribute");
  await vip.getByLabel("Attribute").fill("plan");
  await vip.getByLabel("Value").fill("vip");
  await group.getByRole("button", { name: "Add condition" }).click();
  const ltv = group.getByRole("group", { name: "Conditions 2.2", exact: true });
  await ltv.getByLabel("Type").selectOption("attribute");
  await ltv.getByLabel("Attribute").fill("ltv");
  await ltv.getByLabel("Operator").selectOption("gt");
  await ltv.getByLabel("Value").fill("1000");
  await editor.getByRole("button", { name: "Save" }).click();
  const rules = page.getByRole("list", { name: "Handoff rules" });
  await expect(rules).toContainText("VIP billing");

  // Reopened, the nested group is still there, as saved.
  await rules.getByRole("button", { name: "Edit: VIP billing" }).click();
  const reopened = page.getByRole("group", { name: "Group 2", exact: true });
  await expect(reopened.getByLabel("Match (Group 2)")).toHaveValue("any");
  await expect(reopened.getByRole("group", { name: "Conditions 2.2", exact: true }).getByLabel("Value")).toHaveValue("1000");
  await page.getByRole("button", { name: "Cancel" }).click();

  // The tester on Mia's conversation: her attributes come from the conversation, not from typing.
  const tester = page.getByRole("form", { name: "Rule tester" });
  await tester.getByRole("button", { name: "Pick a conversation" }).click();
  const picked = page.getByRole("list", { name: "Pick a conversation" }).getByRole("button").filter({ hasText: "Mia Wong" });
  await picked.click();
  await expect(tester.getByLabel("Visitor message")).toHaveValue("I was charged twice and want my money back");
  await expect(tester).toContainText("Mia Wong");
  await tester.getByRole("button", { name: "Test" }).click();
  await expect(page.getByTestId("rule-tester-decision")).toContainText("VIP billing");
  await expect(page.getByTestId("rule-tester-result")).toContainText("vip");
  await expect(alerts(page)).toHaveCount(0);
});
