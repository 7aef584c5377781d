import { type FrameLocator, type Page } from "@playwright/test";
import { addFaq, alerts, botTab, createBot, E2E, embedSnippet, expect, signUp, test } from "./fixtures";

// Two browser contexts: the agent (the workspace owner) in the admin app, and visitors on a
// third-party page (another origin) with the widget. Every wait is on visible text, never a timer.

async function openWidget(page: Page, url: string): Promise<FrameLocator> {
  await page.goto(url);
  // The loader switches its label to Chinese once it knows the bot's language.
  await page.getByRole("button", { name: /Open chat|打开聊天/ }).click();
  const chat = page.frameLocator("#kefu-frame");
  await expect(chat.getByRole("heading", { name: "中文客服" })).toBeVisible();
  return chat;
}

async function visitorSays(chat: FrameLocator, text: string) {
  await chat.getByLabel("请输入您的问题…").fill(text);
  await chat.getByRole("button", { name: "发送" }).click();
}

test("a visitor asks for a person in Chinese; the agent claims, both talk live through a network drop, resolve and rating", async ({
  page: agent,
  tenant,
  hostPage,
  browser,
}) => {
  // Two browsers and a dozen live round trips: longer than the default per-test budget.
  test.setTimeout(180_000);
  // Signed up without a name: visitors are told "人工客服" / "客服人员", never a part of the e-mail address.
  const localPart = tenant.email.split("@")[0]!;

  // --- The owner sets up a bot with an FAQ and the default handoff rules.
  await signUp(agent, tenant);
  await createBot(agent, "中文客服", "zh");
  await addFaq(agent, { question: "怎么申请退款？", alternatives: ["我想退款", "退货退款流程"], answer: "请在订单页面点击“申请退款”，3 个工作日内处理。" });
  await botTab(agent, "Rules");
  await agent.getByRole("button", { name: "Add default rules" }).click();
  await expect(agent.getByRole("list", { name: "Handoff rules" }).getByTestId("rule-row")).toHaveCount(3);
  const { snippet } = await embedSnippet(agent);

  // One conversation at a time, so that a second handoff waits in "Unassigned" for a claim.
  await agent.getByRole("link", { name: "Team", exact: true }).click();
  const ownerRow = agent.getByRole("row").filter({ hasText: tenant.email });
  await ownerRow.getByRole("spinbutton").fill("1");
  await ownerRow.getByRole("button", { name: "Save" }).click();
  await expect(ownerRow.getByRole("button", { name: "Saved" })).toBeVisible();

  // --- The agent goes online in the inbox.
  await agent.getByRole("link", { name: "Inbox", exact: true }).click();
  await expect(agent).toHaveURL(/\/inbox$/);
  await agent.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(agent.getByRole("radio", { name: "Online" })).toBeChecked();
  await expect(agent.getByTestId("inbox-count-unassigned")).toHaveText("0");

  const visitors = await browser.newContext();
  try {
    // A first visitor takes the agent's only slot: routed straight to them (live "Mine" count).
    const first = await openWidget(await visitors.newPage(), await hostPage(snippet));
    await visitorSays(first, "转人工");
    await expect(first.getByText("人工客服已加入对话。")).toBeVisible();
    await expect(agent.getByTestId("inbox-count-mine")).toHaveText("1");
    // Unassigned is empty now: it points to Mine, and does not ask an online agent to go online.
    await expect(agent.getByTestId("inbox-empty")).toHaveText("Nothing here. New handoffs appear live. Conversations routed to you are under Mine.");

    // --- The visitor of this test: an FAQ answer, then asks for a person in Chinese.
    const host = await visitors.newPage();
    const chat = await openWidget(host, await hostPage(snippet)); // a new origin: a new visitor
    await visitorSays(chat, "我想退款怎么办");
    await expect(chat.getByTestId("message-bot").last()).toContainText("申请退款");
    await visitorSays(chat, "我的订单一直没有发货，转人工");
    await expect(chat.getByText("正在为您转接人工客服，您目前排在第 1 位。")).toBeVisible();
    await expect(chat.getByTestId("chat-status")).toHaveText("正在等待人工客服接入…");

    // --- It appears in Unassigned without a reload; the agent opens and claims it.
    await expect(agent.getByTestId("inbox-count-unassigned")).toHaveText("1");
    const queue = agent.getByRole("list", { name: "Conversations" });
    await expect(queue.getByRole("link")).toHaveCount(1);
    await queue.getByRole("link").click();
    await expect(agent).toHaveURL(/\/inbox\/[^/]+$/);
    await expect(agent.getByTestId("handoff-summary")).toBeVisible();
    await expect(agent.getByText("Visitor asked for a person")).toBeVisible();
    // The Chinese bot's starting rule, named in the reader's language (the dashboard is in English).
    await expect(agent.getByText("Visitor asks for a human", { exact: true })).toBeVisible();
    await expect(agent.getByText("None passed by the site.")).toBeVisible();
    const log = agent.getByRole("log", { name: "Transcript" });
    await expect(log.getByTestId("inbox-message-bot").first()).toContainText("申请退款");
    const reply = agent.getByLabel("Reply", { exact: true });
    await expect(reply).toBeDisabled();
    await agent.getByRole("button", { name: "Claim" }).click();
    await expect(agent.getByTestId("inbox-status")).toHaveText("With an agent");
    await expect(reply).toBeEnabled();
    await expect(chat.getByText("人工客服已加入对话。")).toBeVisible();
    await expect(chat.getByTestId("chat-status")).toHaveText("人工客服正在为您服务");

    async function agentSays(text: string) {
      await reply.fill(text);
      await reply.press("Enter");
      await expect(reply).toHaveValue("");
    }
    const visitorLines = (text: string) => chat.getByTestId("message-visitor").filter({ hasText: text });
    const agentLinesForVisitor = (text: string) => chat.getByTestId("message-agent").filter({ hasText: text });
    const visitorLinesForAgent = (text: string) => log.getByTestId("inbox-message-visitor").filter({ hasText: text });

    // --- Live both ways, with typing indicators.
    await reply.fill("您好");
    await expect(chat.getByTestId("chat-typing")).toHaveText("对方正在输入…");
    await agentSays("您好，我来帮您查一下订单。");
    await expect(chat.getByTestId("message-author").first()).toHaveText("客服人员");
    await expect(chat.locator("body")).not.toContainText(localPart);
    await expect(agentLinesForVisitor("我来帮您查一下订单")).toHaveCount(1);
    await chat.getByLabel("请输入您的问题…").fill("好的");
    await expect(agent.getByText("Visitor is typing…")).toBeVisible();
    await chat.getByRole("button", { name: "发送" }).click();
    await expect(visitorLinesForAgent("好的")).toHaveCount(1);

    // An internal note stays with the agents.
    const note = agent.getByLabel("Internal note", { exact: true });
    await note.fill("老客户，优先处理");
    await agent.getByRole("button", { name: "Add note" }).click();
    await expect(log.getByTestId("inbox-message-note")).toContainText("老客户，优先处理");

    // --- Network drop on the visitor's side: send while offline, and the agent writes meanwhile.
    await visitors.setOffline(true);
    await visitorSays(chat, "订单号是 KF-2048");
    await expect(chat.getByText("发送失败。请检查网络后重试。")).toBeVisible();
    await agentSays("查到了，KF-2048 明天发出。");
    await expect(log.getByTestId("inbox-message-agent").filter({ hasText: "明天发出" })).toHaveCount(1);
    await visitors.setOffline(false);
    // Back online the widget resends with the same client message id and its stream resumes
    // after the last event id it saw: each message arrives, once, on both sides.
    await expect(visitorLinesForAgent("订单号是 KF-2048")).toHaveCount(1);
    await expect(chat.getByText("发送失败。请检查网络后重试。")).toHaveCount(0);
    await expect(agentLinesForVisitor("明天发出")).toHaveCount(1);

    // A later round trip is a barrier: any duplicate would have been delivered before it.
    await agentSays("还有其他问题吗？");
    await expect(agentLinesForVisitor("还有其他问题吗")).toHaveCount(1);
    await visitorSays(chat, "没有了，谢谢");
    await expect(visitorLinesForAgent("没有了，谢谢")).toHaveCount(1);
    await expect(visitorLines("订单号是 KF-2048")).toHaveCount(1);
    await expect(visitorLinesForAgent("订单号是 KF-2048")).toHaveCount(1);
    await expect(agentLinesForVisitor("明天发出")).toHaveCount(1);
    await expect(log.getByTestId("inbox-message-agent").filter({ hasText: "明天发出" })).toHaveCount(1);
    await expect(chat.getByText("老客户，优先处理")).toHaveCount(0);

    // --- The agent resolves; the visitor is told and rates.
    await agent.getByRole("button", { name: "Resolve" }).click();
    await expect(agent.getByTestId("inbox-status")).toHaveText("Resolved");
    await expect(chat.getByText("本次对话已结束。欢迎为我们的服务评分。")).toBeVisible();
    await chat.getByRole("group", { name: "请为本次服务评分" }).getByRole("button", { name: "5 分（满分 5 分）" }).click();
    await expect(chat.getByText("感谢您的反馈！")).toBeVisible();
    await expect(agent.getByText("5 of 5")).toBeVisible();
    await expect(alerts(agent)).toHaveCount(0);

    // On a phone, in Chinese, the reply and note buttons keep their labels on one line beside the hints.
    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.context().addCookies([{ name: "kefu-locale", value: "zh", url: E2E.adminUrl }]);
    await agent.reload();
    for (const name of ["发送", "添加备注"]) {
      const button = agent.getByRole("button", { name, exact: true });
      await expect(button).toBeVisible();
      expect((await button.boundingBox())!.height, `${name} wraps`).toBeLessThan(44);
    }
  } finally {
    await visitors.close();
  }
});

test("an invite link adds an agent, who lands in the inbox and sees the team read-only; the link works once; the owner changes their role, then removes them", async ({ page, tenant, browser }) => {
  await signUp(page, tenant);
  await page.getByRole("link", { name: "Team", exact: true }).click();
  await page.getByLabel("Role").selectOption("AGENT");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  const agentContext = await browser.newContext();
  try {
    const agent = await agentContext.newPage();
    await agent.goto(link);
    await expect(agent.getByRole("heading", { name: `Join ${tenant.company}` })).toBeVisible();
    await agent.getByLabel("Your name").fill("Li Lei");
    await agent.getByLabel("Email").fill(`agent-${tenant.email}`);
    await agent.getByLabel("Password").fill("short");
    await agent.getByRole("button", { name: "Join workspace" }).click();
    await expect(agent.getByText("Password must be at least 8 characters.")).toBeVisible(); // field error, nothing lost
    await expect(agent.getByLabel("Your name")).toHaveValue("Li Lei");
    await agent.getByLabel("Password").fill("correct horse battery");
    await agent.getByRole("button", { name: "Join workspace" }).click();
    await expect(agent).toHaveURL(/\/inbox$/);
    await expect(agent.getByTestId("workspace-name")).toContainText(tenant.company);

    await agent.getByRole("link", { name: "Team", exact: true }).click();
    await expect(agent.getByText("Only owners and admins can change the team.")).toBeVisible();
    await expect(agent.getByRole("button", { name: "Create invite link" })).toHaveCount(0);
    await expect(agent.getByRole("row").filter({ hasText: "Li Lei" })).toContainText("Agent");

    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "Li Lei" })).toContainText("Agent");
    // The owner's own row has no controls; Li Lei's role changes at once and holds on the next load.
    await expect(page.getByRole("row").filter({ hasText: tenant.email }).getByText("You", { exact: true })).toBeVisible();
    await page.getByLabel("Role: Li Lei").selectOption("ADMIN");
    await agent.reload();
    await expect(agent.getByRole("button", { name: "Create invite link" })).toBeVisible();
    // Removed: gone from the list, and refused from the next request.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("row").filter({ hasText: "Li Lei" }).getByRole("button", { name: "Remove from workspace" }).click();
    await expect(page.getByRole("row").filter({ hasText: "Li Lei" })).toHaveCount(0);
    await agent.goto("/inbox");
    await expect(agent.getByText("You are not a member of any workspace.").first()).toBeVisible();

    // Single use.
    const again = await (await browser.newContext()).newPage();
    await again.goto(link);
    await expect(again.getByText("This invite link has expired or was already used.")).toBeVisible();
    await again.context().close();
  } finally {
    await agentContext.close();
  }
});
