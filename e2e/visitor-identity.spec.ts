import { createHmac } from "node:crypto";
import { type Page } from "@playwright/test";
import { addFaq, alerts, createBot, embedSnippet, expect, signUp, test } from "./fixtures";

/** What the host site's backend computes (docs/security.md "Visitor identity verification"). */
const sign = (secret: string, userId: string) => createHmac("sha256", secret).update(userId).digest("hex");

/** A host page that passes a signed-in user to the widget, as the docs show. */
const signedInPage = (snippet: string, settings: { userId: string; userHash: string; attributes: Record<string, string> }) =>
  `<script>window.KefuSettings = ${JSON.stringify(settings)};</script>${snippet}`;

async function askOnHostPage(page: Page, url: string, question: string) {
  await page.goto(url);
  await page.getByRole("button", { name: "Open chat" }).click();
  const chat = page.frameLocator("#kefu-frame");
  await expect(chat.getByRole("heading", { name: "Store assistant" })).toBeVisible();
  await chat.getByLabel("Type your question…").fill(question);
  // What was typed is still there and sendable (the frame was not reloaded under the visitor).
  await expect(chat.getByLabel("Type your question…")).toHaveValue(question);
  await expect(chat.getByRole("button", { name: "Send" })).toBeEnabled();
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-bot").last()).toContainText("3 to 5 business days");
  return chat;
}

async function openLatestConversation(page: Page) {
  await page.goto("/conversations");
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expect(page.getByTestId("visitor-identity")).toBeVisible();
}

test("a signed visitor is Verified to the agent and keeps one history across browsers; a forged signature is Unverified and merges nothing", async ({
  page,
  tenant,
  hostPage,
  browser,
}) => {
  test.setTimeout(120_000); // four browsers and the inbox, one after another
  await signUp(page, tenant);
  await createBot(page, "Store assistant");
  await addFaq(page, { question: "How long does shipping take?", alternatives: ["when will my order arrive"], answer: "Orders arrive within 3 to 5 business days." });
  const { snippet } = await embedSnippet(page);
  const botPage = page.url(); // on the Widget tab (?tab=widget), where the identity settings are

  // The secret is shown once, after generating it.
  const card = page.getByTestId("identity-verification");
  await card.getByRole("button", { name: "Generate secret" }).click();
  const secret = (await card.getByTestId("identity-secret").textContent())!.trim();
  expect(secret).toMatch(/^kid_/);
  await page.reload();
  await expect(page.getByTestId("identity-secret-status")).toContainText("Secret generated");
  await expect(page.getByTestId("identity-secret")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  // The customer's site signs user 42; the visitor asks on a laptop.
  const attributes = { plan: "vip", email: "ann@bigcustomer.example", name: "Ann Lee" };
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await askOnHostPage(laptopPage, await hostPage(signedInPage(snippet, { userId: "42", userHash: sign(secret, "42"), attributes })), "When will my order arrive?");

  await openLatestConversation(page);
  await expect(page.getByTestId("identity-user-mark")).toHaveAttribute("data-verified", "true");
  await expect(page.getByTestId("identity-user-mark")).toHaveText("✓ Verified");
  await expect(page.getByTestId("identity-email-mark")).toHaveText("✓ Verified");
  await expect(page.getByTestId("identity-name-mark")).toHaveText("✓ Verified");
  await expect(page.getByTestId("visitor-identity")).toContainText("ann@bigcustomer.example");

  // Another browser (no shared storage), the same signed user: the laptop's question is there.
  const phone = await browser.newContext();
  const phonePage = await phone.newPage();
  await phonePage.goto(await hostPage(signedInPage(snippet, { userId: "42", userHash: sign(secret, "42"), attributes })));
  await phonePage.getByRole("button", { name: "Open chat" }).click();
  await expect(phonePage.frameLocator("#kefu-frame").getByTestId("message-visitor").first()).toHaveText("When will my order arrive?");

  // A page that forges user 42's signature gets none of that history, and the agent sees a claim.
  const forger = await browser.newContext();
  const forgerPage = await forger.newPage();
  const forged = { userId: "42", userHash: sign("a guessed secret", "42"), attributes: { plan: "vip", email: "ceo@bigcustomer.example", name: "The CEO" } };
  const forgedChat = await askOnHostPage(forgerPage, await hostPage(signedInPage(snippet, forged)), "How long does shipping take?");
  await expect(forgedChat.getByTestId("message-visitor")).toHaveCount(1);
  await expect(forgedChat.getByTestId("message-visitor")).toHaveText("How long does shipping take?");

  await openLatestConversation(page);
  await expect(page.getByTestId("visitor-identity")).toContainText("ceo@bigcustomer.example");
  await expect(page.getByTestId("identity-user-mark")).toHaveAttribute("data-verified", "false");
  await expect(page.getByTestId("identity-user-mark")).toHaveText("Unverified (claimed by the visitor's browser)");
  await expect(page.getByTestId("identity-email-mark")).toHaveText("Unverified (claimed by the visitor's browser)");
  await expect(page.getByTestId("identity-attributes-mark")).toHaveAttribute("data-verified", "false");

  // With "Require verified identity", the forged page is refused with a clear message.
  await page.goto(botPage);
  await page.getByTestId("identity-verification").getByLabel("Require verified identity").check();
  await expect(page.getByTestId("identity-verification").getByLabel("Require verified identity")).toBeChecked();
  await expect(page.getByTestId("identity-verification").getByRole("status")).toHaveText("Saved");
  const refusedPage = await (await browser.newContext()).newPage();
  await refusedPage.goto(await hostPage(signedInPage(snippet, forged)));
  await refusedPage.getByRole("button", { name: "Open chat" }).click();
  await expect(alerts(refusedPage.frameLocator("#kefu-frame"))).toHaveText(/only open to customers the website has signed in/);
  await Promise.all([laptop.close(), phone.close(), forger.close(), refusedPage.context().close()]);
});
