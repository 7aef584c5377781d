import { startLlmTestServer, type ChatRequestBody, type LlmTestServer } from "@kefu/ai/testing";
import { addFaq, addOpenAiProvider, botTab, createBot, expect, signUp, test } from "./fixtures";

// Generated phrasings end to end: the loopback OpenAI-compatible server (in this test process)
// plays the knowledge base's chat model; the admin app's background worker calls it.
let server: LlmTestServer;
test.beforeAll(async () => {
  server = await startLlmTestServer({ models: ["test-model"] });
});
test.afterAll(() => server.close());

/** Three phrasings for every entry of the prompt, in the JSON the prompt asks for. */
function phrasings(body: ChatRequestBody): string {
  const user = String(body.messages?.at(-1)?.content ?? "");
  const entries = JSON.parse(/<entries>\n([\s\S]*)\n<\/entries>/.exec(user)![1]!) as { n: string }[];
  return JSON.stringify(Object.fromEntries(entries.map((e) => [e.n, ["can I send it back", "money back for my order", "1. how do returns work"]])));
}

test("a chat model writes phrasings of an FAQ entry, marked as generated, which the owner keeps or removes", async ({ page, tenant }) => {
  server.behave({ reply: phrasings });
  await signUp(page, tenant);
  await addOpenAiProvider(page, "Loopback", server.openaiBaseUrl);

  await createBot(page, "Returns desk");
  await addFaq(page, { question: "Can I return an item?", answer: "Yes, within 30 days of delivery." });

  const settings = page.getByRole("form", { name: /^Generated phrasings: / });
  await settings.getByLabel("Model for generated phrasings").selectOption({ label: "Loopback" });
  await settings.getByLabel("Model name").fill("test-model");
  await settings.getByRole("button", { name: "Save" }).click();

  // Written in the background; the list shows them as they arrive, marked.
  const generated = page.getByRole("list", { name: "Generated phrasings: Can I return an item?" });
  await expect(generated.getByRole("listitem")).toHaveCount(3);
  await expect(generated).toContainText("how do returns work");
  await expect(generated.getByRole("listitem").first()).toContainText("generated");
  await expect(settings.getByTestId("phrasing-counts")).toContainText("1 entries done · 3 generated phrasings");
  expect(server.chatRequests().map((r) => JSON.stringify(r.body)).join()).toContain("Can I return an item?");

  // Keep one: it becomes an ordinary phrasing. Remove another: gone.
  await generated.getByRole("button", { name: "Keep the generated phrasing: can I send it back" }).click();
  await generated.getByRole("button", { name: "Remove the generated phrasing: money back for my order" }).click();
  await expect(generated.getByRole("listitem")).toHaveCount(1);
  const faqs = page.getByRole("list", { name: "FAQ entries" });
  await expect(faqs).toContainText("can I send it back");
  await expect(faqs).not.toContainText("money back for my order");

  // The playground finds the entry by a generated phrasing.
  await botTab(page, "Playground");
  const playground = page.getByRole("form", { name: "Playground" });
  await playground.getByLabel("Question to try").fill("how do returns work");
  await playground.getByRole("button", { name: "Try", exact: true }).click();
  await expect(page.getByTestId("playground-answer")).toContainText("Yes, within 30 days of delivery.");

  // In Chinese too.
  await botTab(page, "Knowledge");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("list", { name: "自动生成的问法: Can I return an item?" })).toContainText("自动生成");
});

test("a bot rewrites questions before searching, and the playground shows the rewrite", async ({ page, tenant }) => {
  server.behave({ reply: (body) => (String(body.messages?.[0]?.content ?? "").includes("standalone question") ? "How do I cancel my subscription?" : "Open Billing and choose Cancel plan [1].") });
  await signUp(page, tenant);
  await addOpenAiProvider(page, "Loopback", server.openaiBaseUrl);

  await createBot(page, "Billing desk");
  await addFaq(page, { question: "How do I cancel my subscription?", answer: "Open Billing and choose Cancel plan." });
  await botTab(page, "AI model");
  const model = page.getByRole("form", { name: "AI model" });
  await model.getByLabel("Chat model provider").selectOption({ label: "Loopback" });
  await model.getByLabel("Chat model", { exact: true }).fill("test-model");
  await model.getByRole("button", { name: "Save" }).click();
  await expect(model.getByRole("status")).toHaveText("Saved");

  const rewrite = page.getByRole("checkbox", { name: /Rewrite questions before searching/ });
  await expect(rewrite).not.toBeChecked();
  await rewrite.check();
  await expect(rewrite).toBeChecked();

  await botTab(page, "Playground");
  const playground = page.getByRole("form", { name: "Playground" });
  await playground.getByLabel("Question to try").fill("ok how do i stop paying");
  await playground.getByRole("button", { name: "Try", exact: true }).click();
  await expect(page.getByTestId("playground-rewrite")).toContainText("How do I cancel my subscription?");
  await expect(page.getByTestId("playground-rewrite")).toContainText("searched as well");
  // The rewrite is the standalone question; the visitor's words went as data.
  const sent = server.chatRequests().find((r) => String(r.body?.messages?.[0]?.content ?? "").includes("standalone question"));
  expect(String(sent?.body?.messages?.at(-1)?.content)).toContain("ok how do i stop paying");
});
