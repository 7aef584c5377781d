import { alerts, expect, signUp, test } from "./fixtures";

test("sign up, land on an empty dashboard, log out and log in again", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await expect(page.getByText("No bots yet")).toBeVisible();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/bots");
  await expect(page).toHaveURL(/\/login/); // signed out for real

  await page.getByLabel("Email").fill(tenant.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alerts(page)).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Password").fill(tenant.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/bots$/);
  await expect(page.getByTestId("workspace-name")).toContainText(tenant.company);
});

test("a second sign-up with the same email gets a clear error; bad input is explained", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/signup");
  await page.getByLabel("Company name").fill("Another company");
  await page.getByLabel("Email").fill(tenant.email.toUpperCase());
  await page.getByLabel("Password").fill("another password");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(alerts(page)).toContainText("An account with this email already exists");

  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveValue("Another company"); // nothing typed is lost
});

test("the dashboard switches to Chinese", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "你的机器人" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Your bots" })).toBeVisible();
});
