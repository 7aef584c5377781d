import { botTab, createBot, E2E, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// What a newcomer meets in their first minutes: the dashboard, the hosted chat page, the widget,
// and a first handoff while nobody is online. Every wait is on visible text, never a timer.

test("first run: sign-up, favicons, page titles and language, and a dashboard that says nobody is online", async ({ page, tenant, hostPage, browser }) => {
  await signUp(page, tenant);
  // Signed in, the sign-up page sends you to your bots.
  await page.goto("/signup");
  await expect(page).toHaveURL(/\/bots$/);
  for (const url of [`${E2E.adminUrl}/favicon.ico`, `${E2E.chatUrl}/favicon.ico`]) expect((await page.request.get(url)).status()).toBe(200);

  // Everyone starts offline: every page says so, and one click fixes it.
  const banner = page.getByTestId("presence-banner");
  await expect(banner).toContainText("Nobody on your team is online");
  await createBot(page, "小助手", "zh");
  await expect(banner).toBeVisible();
  const { snippet, publicId } = await embedSnippet(page);

  // The hosted page: titled with the bot, in the bot's language from the server's first byte.
  const html = await (await page.request.get(`${E2E.chatUrl}/c/${publicId}`)).text();
  expect(html).toMatch(/<html lang="zh-CN"/);
  const visitors = await browser.newContext({ locale: "en-US" });
  try {
    const hosted = await visitors.newPage();
    await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
    await expect(hosted).toHaveTitle("小助手 · 在线客服");

    // The loader speaks the bot's language, from the bot's configuration.
    const host = await visitors.newPage();
    await host.goto(await hostPage(snippet));
    await expect(host.getByRole("button", { name: "打开聊天" })).toBeVisible();
    await host.getByRole("button", { name: "打开聊天" }).click();
    await expect(host.locator("#kefu-frame")).toHaveAttribute("title", "在线客服");
    const chat = host.frameLocator("#kefu-frame");
    // 转人工 stays on one line in the widget's narrow header.
    const human = chat.getByRole("button", { name: "转人工" });
    await expect(human).toBeVisible();
    const box = (await human.boundingBox())!;
    expect(box.height).toBeLessThan(30);
  } finally {
    await visitors.close();
  }

  await banner.getByRole("button", { name: "Go online" }).click();
  await expect(banner).toHaveCount(0);
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  await expect(page.getByRole("radio", { name: "Online" })).toBeChecked();
});

test("a handoff while nobody is online survives a reload, and a long message is counted, not cut", async ({ page, tenant, browser }) => {
  await signUp(page, tenant);
  await createBot(page, "Help desk");
  const { publicId } = await embedSnippet(page);
  const visitors = await browser.newContext({ locale: "en-US" });
  try {
    const chat = await visitors.newPage();
    await chat.goto(`${E2E.chatUrl}/c/${publicId}`);
    const box = chat.getByLabel("Type your question…");

    // 20,000 characters pasted: all kept, counted, and refused with the reason (not silently cut to 4,000).
    await box.fill("a".repeat(20_000));
    await expect(box).toHaveValue("a".repeat(20_000));
    await expect(chat.getByTestId("chat-char-count")).toHaveText("20,000 / 4,000 characters");
    await expect(chat.getByTestId("chat-too-long")).toContainText("Too long to send: 20,000 characters, at most 4,000");
    await expect(chat.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
    await box.fill("Hello");
    await expect(chat.getByTestId("chat-too-long")).toHaveCount(0);
    await expect(chat.getByRole("button", { name: "Send", exact: true })).toBeEnabled();

    // Nobody online: the banner says to leave a message, never "Waiting for a person to join".
    await chat.getByRole("button", { name: "Talk to a person" }).click();
    const status = chat.getByTestId("chat-status");
    await expect(status).toHaveText("Nobody is online right now: leave a message and we'll reply by e-mail.");
    const form = chat.getByRole("form", { name: "Leave a message" });
    await expect(form).toBeVisible();
    await expect(chat.getByText("Waiting for a person to join…")).toHaveCount(0);

    // Reloaded: the form and the banner come back; writing again is answered.
    await chat.reload();
    await expect(status).toHaveText("Nobody is online right now: leave a message and we'll reply by e-mail.");
    await expect(form).toBeVisible();
    await box.fill("talk to a person");
    await chat.getByRole("button", { name: "Send", exact: true }).click();
    await expect(chat.getByText("Nobody is online right now. We've kept your message; leave your e-mail in the form below so we can reply.")).toBeVisible();

    await form.getByLabel("Your e-mail").fill("li@example.com");
    // The message form does not cut a long paste either.
    await form.getByLabel("Your message").fill("b".repeat(5_000));
    await expect(form.getByLabel("Your message")).toHaveValue("b".repeat(5_000));
    await expect(form.getByTestId("contact-too-long")).toContainText("5,000 characters, at most 4,000");
    await expect(form.getByRole("button", { name: "Send message" })).toBeDisabled();
    await form.getByLabel("Your message").fill("Please call me back");
    await form.getByRole("button", { name: "Send message" }).click();
    await expect(status).toHaveText("We have your message and will reply by e-mail.");
    await chat.reload();
    await expect(status).toHaveText("We have your message and will reply by e-mail.");
    await expect(form).toHaveCount(0);
  } finally {
    await visitors.close();
  }
});

test("once a person joins, the widget header no longer says it is an AI assistant; resolved, the inbox says who handled it", async ({ page, tenant, hostPage, browser }) => {
  await signUp(page, tenant);
  await createBot(page, "Front desk");
  const { snippet } = await embedSnippet(page);
  await page.getByTestId("presence-banner").getByRole("button", { name: "Go online" }).click();
  await expect(page.getByTestId("presence-banner")).toHaveCount(0);

  const visitors = await browser.newContext({ locale: "en-US" });
  try {
    const { chat } = await openWidget(visitors, await hostPage(snippet));
    const notice = chat.getByTestId("chat-header-notice");
    await expect(notice).toHaveText("You are chatting with an AI assistant. Answers come from our help content.");
    await chat.getByRole("button", { name: "Talk to a person" }).click();
    await expect(notice).toHaveText("You are chatting with a person from our team.");

    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await page.getByRole("tab", { name: /^Mine/ }).click();
    await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
    await page.getByRole("button", { name: "Resolve" }).click();
    await expect(page.getByTestId("inbox-status")).toHaveText("Resolved");
    await expect(page.getByText("Handled by:")).toBeVisible();
    await expect(page.getByTestId("inbox-assignee")).toHaveText(tenant.email.split("@")[0]!);
    await expect(notice).toHaveText("You are chatting with an AI assistant. Answers come from our help content.");
  } finally {
    await visitors.close();
  }
});

test("an agent sees bots without controls they cannot use, each with the reason in words", async ({ page, tenant, browser }) => {
  await signUp(page, tenant);
  await createBot(page, "Agents' bot");
  const botUrl = page.url();
  await page.getByRole("link", { name: "Team", exact: true }).click();
  await page.getByLabel("Role").selectOption("AGENT");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByTestId("invite-link").inputValue();

  const agentContext = await browser.newContext({ locale: "en-US" });
  try {
    const agent = await agentContext.newPage();
    await agent.goto(link);
    await agent.getByLabel("Your name").fill("Li Lei");
    await agent.getByLabel("Email").fill(`agent-${tenant.email}`);
    await agent.getByLabel("Password").fill("correct horse battery");
    await agent.getByRole("button", { name: "Join workspace" }).click();
    await expect(agent).toHaveURL(/\/inbox$/);

    await agent.goto(`${E2E.adminUrl}/bots`);
    await expect(agent.getByText("Only owners and admins can create bots.")).toBeVisible();
    await expect(agent.getByRole("button", { name: "New bot" })).toHaveCount(0);

    await agent.goto(botUrl);
    await expect(agent.getByRole("heading", { name: "Agents' bot" })).toBeVisible();
    await expect(agent.getByText("Only owners and admins can change a bot's settings.").first()).toBeVisible();
    await expect(agent.getByRole("button", { name: "Save" }).first()).toBeDisabled();
    await expect(agent.getByRole("button", { name: "Delete bot" })).toBeDisabled();
    // Pure configuration is left out: no AI model tab.
    await expect(agent.getByRole("tab", { name: "AI model" })).toHaveCount(0);
    await botTab(agent, "Knowledge");
    await expect(agent.getByText("Only owners and admins can change the knowledge and knowledge bases.").first()).toBeVisible();
    await expect(agent.getByRole("button", { name: "Add FAQ entry" })).toBeDisabled();
    // Nothing on the page shows a raw permission name.
    await expect(agent.getByText(/Your role cannot|bot create|knowledge update/)).toHaveCount(0);
    // What an agent may do stays usable: the playground.
    await botTab(agent, "Playground");
    await expect(agent.getByRole("button", { name: "Try", exact: true })).toBeEnabled();
  } finally {
    await agentContext.close();
  }
});
