import { startLlmTestServer, type LlmTestServer } from "@kefu/ai/testing";
import { addFaq, botTab, createBot, expect, hostedChatUrl, signUp, test } from "./fixtures";

// A remote AI provider end to end: the loopback OpenAI-compatible server runs in this test
// process on 127.0.0.1; the apps (started by Playwright's webServer) call it.
let server: LlmTestServer;
test.beforeAll(async () => {
  server = await startLlmTestServer({ models: ["test-model"] });
});
test.afterAll(() => server.close());

test("an owner connects an AI provider, the bot answers with it, and falls back with a notice", async ({ page, tenant, context }) => {
  await signUp(page, tenant);
  await page.getByRole("link", { name: "AI providers" }).click();
  await expect(page.getByRole("heading", { name: "AI providers" })).toBeVisible();
  await page.getByRole("button", { name: "Add provider" }).click();
  const form = page.getByRole("form", { name: "New AI provider" });
  await form.getByLabel("Name").fill("Loopback");
  await form.getByLabel("Type").selectOption("OPENAI_COMPATIBLE");
  await form.getByLabel("Base URL").fill(server.openaiBaseUrl);
  await form.getByLabel("API key").fill("sk-e2e-secret");
  await form.getByRole("button", { name: "Add provider" }).click();
  const item = page.getByRole("list", { name: "AI providers" }).getByRole("listitem").first();
  await expect(item).toContainText("Key stored");
  await expect(page.locator("body")).not.toContainText("sk-e2e-secret");
  await item.getByRole("button", { name: "Test connection" }).click();
  await expect(item.getByRole("status")).toContainText("Connected. 1 models available.");

  await createBot(page, "Smart assistant");
  await addFaq(page, { question: "Can I return an item?", alternatives: ["refund policy"], answer: "Yes, returns are free within 30 days of delivery." });
  await botTab(page, "AI model");
  const model = page.getByRole("form", { name: "AI model" });
  await model.getByLabel("Chat model provider").selectOption({ label: "Loopback" });
  await model.getByLabel("Chat model", { exact: true }).fill("test-model");
  await model.getByRole("button", { name: "Save" }).click();
  await expect(model.getByRole("status")).toHaveText("Saved");

  const hosted = await hostedChatUrl(page);
  const chat = await context.newPage();
  await chat.goto(hosted);
  server.behave({ reply: "Returns are free for 30 days after delivery [1]." });
  await chat.getByLabel("Type your question…").fill("What is your refund policy?");
  await chat.getByRole("button", { name: "Send" }).click();
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText("Returns are free for 30 days after delivery [1].");
  await expect(answer.getByTestId("citations")).toContainText("Can I return an item?");
  await expect(answer.getByTestId("message-notice")).toHaveCount(0);

  server.behave({ status: 500 });
  await chat.getByLabel("Type your question…").fill("Can I return an item?");
  await chat.getByRole("button", { name: "Send" }).click();
  const fallback = chat.getByTestId("message-bot").last();
  await expect(fallback).toContainText("Yes, returns are free within 30 days of delivery.");
  await expect(fallback.getByTestId("message-notice")).toHaveText("The AI model is unavailable; this answer is quoted from our knowledge base.");
});
