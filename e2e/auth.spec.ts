import { E2E } from "../playwright.config";
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
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(alerts(page)).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Password").fill(tenant.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/bots$/);
  await expect(page.getByTestId("workspace-name")).toContainText(tenant.company);
});

test("bad sign-up input is explained; a second sign-up with the same email does not say the account exists", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/signup");
  await page.getByLabel("Company name").fill("Another company");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("another password");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveValue("Another company"); // nothing typed is lost

  // The answer a sign-up with e-mail confirmation gives: nothing tells that this address has an account.
  await page.getByLabel("Email").fill(tenant.email.toUpperCase());
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("signup-check-inbox")).toContainText(`Check your inbox: we sent a message to ${tenant.email.toLowerCase()}`);
  await expect(page.getByText(/already exists/)).toHaveCount(0);
});

test("the dashboard switches to Chinese", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "你的机器人" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Your bots" })).toBeVisible();
});

test("both apps answer their health checks; a tRPC call returns the caller's request id", async ({ request }) => {
  for (const app of [E2E.adminUrl, E2E.chatUrl]) {
    const live = await request.get(`${app}/api/health/live`);
    expect(live.status()).toBe(200);
    expect(await live.json()).toEqual({ status: "live" });
    const ready = await request.get(`${app}/api/health/ready`);
    expect(ready.status()).toBe(200);
    expect(ready.headers()["cache-control"]).toBe("no-store");
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: { ok: true }, queue: { ok: true } } });
  }
  const input = encodeURIComponent(JSON.stringify({ json: { botId: "no-such-bot" } }));
  const chat = await request.get(`${E2E.chatUrl}/api/trpc/widget.config?input=${input}`, { headers: { "x-request-id": "e2e-probe.1" } });
  expect(chat.headers()["x-request-id"]).toBe("e2e-probe.1");
  const admin = await request.get(`${E2E.adminUrl}/api/trpc/bot.list`, { headers: { "x-request-id": "not a sane id" } });
  expect(admin.status()).toBe(401);
  expect(admin.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
