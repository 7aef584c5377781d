import { readFile } from "node:fs/promises";
import { createBot, expect, signUp, test } from "./fixtures";

// The owner changes a bot, finds the change in Settings → Audit log with who and from where,
// narrows the list with a filter and downloads the same rows as CSV.
test("an owner sees a change in the audit log, filters it and downloads it as CSV", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Audited bot");
  const settings = page.getByRole("form", { name: "Save" });
  await settings.getByLabel("Name").fill("Audited bot, renamed");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toHaveText("Saved");
  const botId = new URL(page.url()).pathname.split("/").at(-1)!;

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  const table = page.getByRole("table", { name: "Audit log" });
  const update = table.getByTestId("audit-row").filter({ hasText: "bot.update" });
  await expect(update).toHaveCount(1);
  await expect(update).toContainText(tenant.email);
  await expect(update).toContainText(botId);
  await expect(update).toContainText("Succeeded");
  await expect(update).toContainText("Updated a bot");
  // A request from this machine: its address reads as "Local", the address itself in the tooltip.
  const address = update.getByRole("cell").nth(5);
  await expect(address).toHaveText("Local");
  await expect(address).toHaveAttribute("title", /^(127\.0\.0\.1|::\/64)$/);
  await expect(table.getByTestId("audit-row").filter({ hasText: "bot.create" })).toHaveCount(1);

  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Action").fill("bot.update");
  await filters.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(table.getByTestId("audit-row")).toHaveCount(1);
  await expect(table.getByTestId("audit-row")).toContainText("bot.update");
  await update.getByText("Show").click();
  await expect(update).toContainText("Audited bot, renamed");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^kefu-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
  expect(lines[0]).toBe('"time","actor_id","actor_email","action","targets","outcome","error","ip","user_agent","details"');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`"${tenant.email}","bot.update","${botId}","success"`);
});

test("the audit log page in Chinese", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.goto("/settings/audit");
  // The sign-in that followed the sign-up.
  await expect(page.getByRole("table", { name: "Audit log" }).getByTestId("audit-row").filter({ hasText: "auth.login" })).toHaveCount(1);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "审计日志" })).toBeVisible();
  await expect(page.getByRole("button", { name: "下载 CSV" })).toBeVisible();
});
