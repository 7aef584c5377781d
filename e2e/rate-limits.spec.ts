import { E2E } from "../playwright.config";
import { addFaq, alerts, createBot, expect, signUp, hostedChatUrl, test } from "./fixtures";

// Limits the e2e server keeps at their defaults (playwright.config.ts): the account lockout
// (10 attempts without a success, then 15 minutes) and a visitor's burst (10 messages in 10 s).
// Each counts this spec's own account or visitor, so other specs are not touched.

test("after too many wrong passwords the login page says to try again in 15 minutes, in English and Chinese", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(tenant.email);
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(alerts(page)).toHaveText("Email or password is incorrect.");
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  }
  // Locked: even the right password is refused, with how long to wait.
  await page.getByLabel("Password").fill(tenant.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(alerts(page)).toHaveText("Too many attempts, try again in 15 minutes.");
  await expect(page).toHaveURL(/\/login/);

  await page.getByRole("button", { name: "中文" }).click();
  await page.getByLabel("邮箱").fill(tenant.email);
  await page.getByLabel("密码").fill(tenant.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(alerts(page)).toHaveText("尝试次数过多，请 15 分钟后再试。");
  await expect(page).toHaveURL(/\/login/);
});

test("a visitor sending too fast is asked to wait, and the message stays in the box", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Hasty");
  await addFaq(page, { question: "Do you ship abroad?", answer: "Yes, we ship to 40 countries." });
  const hostedUrl = await hostedChatUrl(page);
  const botId = hostedUrl.match(/bot_[A-Za-z0-9]{20}/)![0];

  await page.goto(hostedUrl);
  await page.getByLabel("Type your question…").fill("do you ship abroad?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("message-bot").last()).toContainText("40 countries");

  // The same visitor (its token from the page) sends 9 more at once through the API: the burst is used up.
  const visitorToken = await page.evaluate((id) => localStorage.getItem(`kefu:visitor:${id}`), botId);
  const sends = await Promise.all(
    Array.from({ length: 9 }, (_, i) =>
      fetch(`${E2E.chatUrl}/api/trpc/chat.send?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
        body: JSON.stringify({ 0: { json: { botId, visitorToken, text: `flood ${i}`, clientMessageId: `e2e-flood-${i}-${Date.now()}` } } }),
      }).then(async (response) => (await response.text(), response.status)),
    ),
  );
  expect(sends.every((status) => status === 200)).toBe(true);

  await page.getByLabel("Type your question…").fill("and to Japan?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("chat-alert")).toContainText(/You're sending messages too fast — try again in \d+ s/);
  await expect(page.getByLabel("Type your question…")).toHaveValue("and to Japan?");
  await expect(page.getByText("Not sent.")).toHaveCount(0);

  // Once the wait is over the notice goes, and the same text is sent and answered.
  await expect(page.getByTestId("chat-alert")).toHaveCount(0, { timeout: 15_000 });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByLabel("Type your question…")).toHaveValue("");
  await expect(page.getByTestId("message-visitor").filter({ hasText: "and to Japan?" })).toHaveCount(1);
});
