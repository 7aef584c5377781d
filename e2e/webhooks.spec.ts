import { expect, signUp, test } from "./fixtures";

// Webhook settings in the browser: add an endpoint (a private address is refused), the signing
// secret is shown once, a test event is queued and the admin process's worker attempts it. The
// sandbox has no public network, so the attempt ends in a DNS error that the deliveries table shows,
// with the next attempt of the retry schedule and the attempt in the delivery's history. Signed
// delivery to a receiver, the 24-hour schedule, the final failure and disabling an endpoint that
// keeps failing are covered by packages/api/src/notifications/*.integration.test.ts.
test("an owner adds a webhook endpoint, sees its secret once, and follows a test delivery", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Add endpoint" }).click();

  const form = page.getByRole("form", { name: "New endpoint" });
  await form.getByLabel("Endpoint URL").fill("http://127.0.0.1:9/hook");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(form.getByText(/private|local|port/i).first()).toBeVisible();

  await form.getByLabel("Endpoint URL").fill("https://hooks.example.com/kefu");
  await form.getByLabel(/Conversation resolved/).check();
  await form.getByRole("button", { name: "Add endpoint" }).click();

  const secret = page.getByTestId("webhook-secret");
  await expect(secret).toHaveText(/\S{24,}/);
  const shown = (await secret.textContent())!;
  await page.getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(shown);

  const endpoints = page.getByRole("list", { name: "Webhooks" });
  await expect(endpoints).toContainText("https://hooks.example.com/kefu");
  await endpoints.getByRole("button", { name: "Send test" }).click();
  await expect(endpoints.getByText("Test event queued. See the deliveries below.")).toBeVisible();

  // The worker in the admin process picks the ping up; offline, the name does not resolve.
  const deliveries = page.getByRole("table", { name: "Recent deliveries" });
  await expect(deliveries).toContainText("ping");
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(deliveries).toContainText("Could not resolve hooks.example.com", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // Worth another try: the delivery stays pending until the next attempt of its schedule, about 30 s later.
  await expect(deliveries).toContainText("Pending");
  await expect(deliveries).toContainText("Next attempt");
  await deliveries.getByRole("button", { name: /Show the attempts \(1\)/ }).click();
  const attempts = page.getByRole("table", { name: "Attempts ping" });
  await expect(attempts.getByRole("row")).toHaveCount(2);
  await expect(attempts.getByRole("row").nth(1)).toContainText("Could not resolve hooks.example.com");
  await deliveries.getByRole("button", { name: /Show the attempts/ }).click();
  await expect(attempts).toHaveCount(0);
});
