import { type APIRequestContext } from "@playwright/test";
import { addFaq, alerts, createBot, expect, signUp, test } from "./fixtures";

/** Calls an admin tRPC procedure as the browser's signed-in user. */
async function call(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation") {
  const body = JSON.stringify({ json: input });
  const response =
    kind === "query"
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(body)}`)
      : await request.post(`/api/trpc/${path}`, { data: body, headers: { "content-type": "application/json" } });
  return { status: response.status(), body: (await response.json()) as { error?: { json: { data: { code: string } } } } };
}

test("tenant B cannot read or change tenant A's bots, knowledge or conversations", async ({ browser, tenant }) => {
  const aContext = await browser.newContext();
  const a = await aContext.newPage();
  await signUp(a, tenant);
  await createBot(a, "Private bot");
  await addFaq(a, { question: "Secret question", answer: "Secret answer" });
  const botId = new URL(a.url()).pathname.split("/").pop()!;
  const sourceId = (await call(a.request, "knowledge.list", { id: botId }, "query")).body as unknown as { result: { data: { json: { id: string }[] } } };
  const faqId = sourceId.result.data.json[0]!.id;

  const bContext = await browser.newContext();
  const b = await bContext.newPage();
  await signUp(b, { ...tenant, company: `${tenant.company} B`, email: `b-${tenant.email}` });

  // The UI refuses.
  await b.goto(`/bots/${botId}`);
  await expect(alerts(b)).toHaveText("Bot not found.");

  // So does every procedure, with a typed error.
  const attempts: [string, unknown, "query" | "mutation"][] = [
    ["bot.get", { id: botId }, "query"],
    ["bot.update", { id: botId, name: "Hijacked", greeting: "x", instructions: "", language: "en", brandColor: "#000000" }, "mutation"],
    ["bot.delete", { id: botId }, "mutation"],
    ["knowledge.list", { id: botId }, "query"],
    ["knowledge.addFaq", { botId, question: "Injected", alternatives: [], answer: "x" }, "mutation"],
    ["knowledge.delete", { id: faqId }, "mutation"],
    ["conversation.get", { id: "any-conversation" }, "query"],
  ];
  for (const [path, input, kind] of attempts) {
    const result = await call(b.request, path, input, kind);
    expect(result.status, path).toBe(404);
    expect(result.body.error?.json.data.code, path).toBe("NOT_FOUND");
  }
  const list = await call(b.request, "bot.list", undefined, "query");
  expect(JSON.stringify(list.body)).not.toContain("Private bot");

  // A's bot and knowledge are intact.
  await a.reload();
  await expect(a.getByRole("heading", { name: "Private bot" })).toBeVisible();
  await expect(a.getByRole("list", { name: "FAQ entries" })).toContainText("Secret question");
  await aContext.close();
  await bContext.close();
});
