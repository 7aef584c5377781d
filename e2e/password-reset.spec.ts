import { expect, signUp, test } from "./fixtures";

test("'Forgot password?' answers the same whether or not the address has an account", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  const answers: string[] = [];
  for (const email of [tenant.email, `nobody-${Date.now()}@example.com`]) {
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByTestId("reset-requested")).toBeVisible();
    answers.push((await page.getByTestId("reset-requested").textContent())!);
  }
  expect(answers[0]).toBe("If an account exists for that address, we sent a link to reset its password. It works once, for an hour.");
  expect(answers[1]).toBe(answers[0]);

  // A link that is not (or no longer) valid says so and offers a new one.
  await page.goto(`/reset-password/${"A".repeat(43)}`);
  await page.getByLabel("Password").fill("a brand new password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("This link has expired or was already used. Ask for a new one.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Forgot password?" })).toBeVisible();
});
