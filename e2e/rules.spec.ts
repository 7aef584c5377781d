import { alerts, createBot, expect, signUp, test } from "./fixtures";

test("handoff rules: defaults, a custom rule with a field error, the tester in en and zh, business hours", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Rules bot");

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
