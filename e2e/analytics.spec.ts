import { readFile } from "node:fs/promises";
import { type Browser } from "@playwright/test";
import { addFaq, alerts, createBot, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// The Analytics page on conversations made through the widget: one answered, one answered and
// voted down, one handed to an agent who replies and resolves. The page's figures, its charts
// (drawn, with tables holding the same figures), a definition tooltip and a CSV download.

/** A new visitor (a browser context of their own) asks a question on the customer's page. */
async function visitorAsks(browser: Browser, hostUrl: string, question: string) {
  const context = await browser.newContext();
  const { chat } = await openWidget(context, hostUrl);
  await chat.getByLabel("Type your question…").fill(question);
  await chat.getByRole("button", { name: "Send" }).click();
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText("3 to 5 business days");
  return { context, chat, answer };
}

test("the Analytics page counts answered, voted-down and escalated conversations, draws its charts and exports CSV", async ({ page: agent, tenant, hostPage, browser }) => {
  test.setTimeout(180_000);
  await signUp(agent, tenant);
  await createBot(agent, "Analytics shop");
  await addFaq(agent, { question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  const { snippet } = await embedSnippet(agent);
  const hostUrl = await hostPage(snippet);

  // Before any conversation: the empty state.
  await agent.getByRole("link", { name: "Analytics", exact: true }).click();
  await expect(agent.getByRole("heading", { name: "Analytics", exact: true })).toBeVisible();
  await expect(agent.getByTestId("analytics-empty")).toBeVisible();

  await agent.getByRole("link", { name: "Inbox", exact: true }).click();
  await agent.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(agent.getByRole("radio", { name: "Online" })).toBeChecked();

  // 1. Answered. 2. Answered, then "not helpful".
  const first = await visitorAsks(browser, hostUrl, "How long does shipping take?");
  const second = await visitorAsks(browser, hostUrl, "delivery time");
  await second.answer.getByRole("group", { name: "Was this answer helpful?" }).getByRole("button", { name: "Not helpful" }).click();
  await expect(second.answer.getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "true");
  // 3. Answered, then a person: the agent replies and resolves.
  const third = await visitorAsks(browser, hostUrl, "How long does shipping take?");
  await third.chat.getByRole("button", { name: "Talk to a person" }).first().click();
  await expect(agent.getByTestId("inbox-count-mine")).toHaveText("1");
  await agent.getByRole("tab", { name: /^Mine/ }).click();
  await agent.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  const reply = agent.getByLabel("Reply", { exact: true });
  await reply.fill("Happy to help: it ships today.");
  await reply.press("Enter");
  await expect(third.chat.getByTestId("message-agent").filter({ hasText: "ships today" })).toBeVisible();
  await agent.getByRole("button", { name: "Resolve" }).click();
  await expect(agent.getByTestId("inbox-status")).toHaveText("Resolved");
  for (const v of [first, second, third]) await v.context.close();

  // --- The page's figures.
  await agent.getByRole("link", { name: "Analytics", exact: true }).click();
  await expect(agent.getByTestId("kpi-conversations")).toHaveText("3");
  await expect(agent.getByTestId("kpi-ai-resolution")).toHaveText("33.3%");
  await expect(agent.getByTestId("kpi-escalation")).toHaveText("33.3%");
  await expect(agent.getByTestId("kpi-feedback")).toHaveText("0%");

  // The definition of a metric, on hover.
  const kpi = agent.getByTestId("kpi-ai-resolution").locator("..");
  await kpi.getByRole("button", { name: "Definition" }).hover();
  await expect(kpi.getByRole("tooltip")).toContainText("AI-resolved conversations divided by conversations");
  await expect(kpi.getByRole("tooltip")).not.toHaveClass(/sr-only/);

  // --- Charts are drawn, and their tables hold the same figures.
  const volume = agent.getByTestId("chart-volume");
  await expect(volume.locator("svg[data-chart]")).toBeVisible();
  await agent.getByTestId("chart-title-volume").locator("xpath=ancestor::section").getByRole("button", { name: "Show table" }).click();
  const volumeTable = agent.getByTestId("table-volume").getByRole("table");
  await expect(volumeTable).toBeVisible();
  const today = volumeTable.getByRole("row").filter({ has: agent.getByRole("cell", { name: "3", exact: true }) });
  await expect(today).toHaveCount(1);
  // Conversations 3, visitor messages 3, bot messages 3 (plus the "did you…" none), agent messages 1.
  await expect(today.getByRole("cell")).toHaveText([/^\d{4}-\d{2}-\d{2}$/, "3", "3", "3", "1"]);
  await expect(agent.getByTestId("chart-escalationReasons").locator("svg[data-chart]")).toBeVisible();
  // Tables are there for screen readers even when hidden.
  await expect(agent.getByTestId("table-escalationReasons").getByRole("cell", { name: "Visitor asked for a person" })).toHaveCount(1);
  // The drawings name what they show in the reader's words: each line in a legend, each reason under its bar.
  await expect(volume.getByTestId("chart-legend").locator("li")).toHaveText(["Conversations", "Visitor messages", "Bot messages", "Agent messages"]);
  await expect(agent.getByTestId("chart-escalationReasons").locator("svg[data-chart]")).toContainText("Visitor asked for a person");
  await expect(agent.getByTestId("chart-escalationReasons").locator("svg[data-chart]")).not.toContainText("visitor_asked");
  await expect(agent.getByTestId("table-heatmap").getByRole("table")).toHaveCount(1);
  await expect(agent.getByTestId("table-cited").getByRole("cell", { name: "How long does shipping take?" })).toHaveCount(1);
  // Answer latency day by day: drawn, and today (the range's last day) has the three answers.
  await expect(agent.getByTestId("chart-answerLatency").locator("svg[data-chart]")).toBeVisible();
  const latencyToday = agent.getByTestId("table-answerLatency").getByRole("row").last().getByRole("cell");
  await expect(latencyToday).toHaveText([/^\d{4}-\d{2}-\d{2}$/, "3", /^\d+(\.\d)?$/, /^\d+(\.\d)?$/]);
  // Top questions: the question asked twice, counted together, asked today.
  const asked = agent.getByTestId("table-questions").getByRole("row").filter({ hasText: "How long does shipping take?" }).getByRole("cell");
  await expect(asked).toHaveText(["How long does shipping take?", "2", /^\d{4}-\d{2}-\d{2}$/]);

  // --- CSV of the volume chart: the same figures.
  const [download] = await Promise.all([
    agent.waitForEvent("download"),
    agent.getByTestId("chart-title-volume").locator("xpath=ancestor::section").getByRole("button", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^kefu-volume-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe('"date","conversations","visitorMessages","botMessages","agentMessages"');
  expect(csv).toMatch(/"\d{4}-\d{2}-\d{2}","3","3","3","1"\r\n/);

  // In Chinese.
  await agent.getByRole("button", { name: "中文" }).click();
  await expect(agent.getByRole("heading", { name: "数据分析" })).toBeVisible();
  await expect(agent.getByTestId("chart-title-aiResolution")).toContainText("AI 解决率");
  await expect(volume.getByTestId("chart-legend").locator("li").first()).toHaveText("会话数");
  await expect(agent.getByTestId("chart-escalationReasons").locator("svg[data-chart]")).toContainText("访客要求转人工");
  await expect(alerts(agent)).toHaveCount(0);

  // At a phone's width: a chart's title is never squeezed beside its buttons (on one line beside
  // them, or the buttons under it), and nothing scrolls sideways.
  await agent.setViewportSize({ width: 390, height: 844 });
  for (const id of ["volume", "rates", "escalationReasons", "humanTimes", "answerLatency"]) {
    const title = (await agent.getByTestId(`chart-title-${id}`).boundingBox())!;
    const csvButton = (await agent.getByTestId(`chart-title-${id}`).locator("xpath=ancestor::section").getByRole("button", { name: "下载 CSV" }).boundingBox())!;
    const below = csvButton.y >= title.y + title.height - 1;
    expect(below || title.height < 40, `${id}: title ${title.height}px high beside its buttons`).toBe(true);
  }
  expect(await agent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
