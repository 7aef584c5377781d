import { addFaq, botTab, createBot, E2E, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// The widget's small conveniences, on a third-party page (another origin) in a real browser:
// copying an answer, starting a new conversation, the launcher's unread count and sound, and
// full screen on a phone.

const SHIPPING = { question: "How long does shipping take?", alternatives: ["when will my order arrive"], answer: "Orders arrive within **3 to 5** business days." };

test("a bot answer is copied as its text, by mouse or keyboard, with a Copied notice", async ({ page, tenant, hostPage, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, tenant);
  await createBot(page, "Copy assistant");
  await addFaq(page, SHIPPING);
  const { snippet } = await embedSnippet(page);
  const { host, chat } = await openWidget(context, await hostPage(snippet));

  await chat.getByLabel("Type your question…").fill("When will my order arrive?");
  await chat.getByRole("button", { name: "Send" }).click();
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText("3 to 5 business days");
  const copy = answer.getByRole("button", { name: "Copy answer" });
  await copy.click();
  await expect(answer.getByRole("status")).toHaveText("Copied");
  // The text as read (the Markdown's ** are not copied), written to the visitor's clipboard.
  expect(await host.evaluate(() => navigator.clipboard.readText())).toBe("Orders arrive within 3 to 5 business days.");
  await expect(answer.getByRole("status")).toHaveCount(0, { timeout: 5000 });

  await host.evaluate(() => navigator.clipboard.writeText(""));
  await copy.focus();
  await host.keyboard.press("Enter");
  await expect(answer.getByRole("status")).toHaveText("Copied");
  expect(await host.evaluate(() => navigator.clipboard.readText())).toContain("3 to 5 business days");
});

test("new chat starts over at once with the bot, and asks first when a person is in the conversation (Chinese)", async ({ page, tenant, hostPage, context }) => {
  test.setTimeout(120_000);
  await signUp(page, tenant);
  await createBot(page, "中文客服", "zh");
  await addFaq(page, { question: "怎么申请退款？", alternatives: ["我想退款"], answer: "请在订单页面点击“申请退款”。" });
  await botTab(page, "Rules");
  await page.getByRole("button", { name: "Add default rules" }).click();
  await expect(page.getByRole("list", { name: "Handoff rules" }).getByTestId("rule-row")).toHaveCount(3);
  const { snippet } = await embedSnippet(page);

  const host = await context.newPage();
  await host.goto(await hostPage(snippet));
  await host.getByRole("button", { name: /Open chat|打开聊天/ }).click();
  const chat = host.frameLocator("#kefu-frame");
  const say = async (text: string) => {
    await chat.getByLabel("请输入您的问题…").fill(text);
    await chat.getByRole("button", { name: "发送" }).click();
  };
  await expect(chat.getByRole("button", { name: "新对话" })).toHaveCount(0); // nothing to start over yet
  await say("我想退款");
  await expect(chat.getByTestId("message-bot").last()).toContainText("申请退款");
  await expect(chat.getByRole("button", { name: "复制回答" })).toBeVisible();

  // With the bot only: no question asked, no rating asked, an empty conversation.
  await chat.getByRole("button", { name: "新对话" }).click();
  await expect(chat.getByTestId("message-visitor")).toHaveCount(0);
  await expect(chat.getByTestId("message-bot")).toHaveCount(0);
  await expect(chat.getByTestId("rating-prompt")).toHaveCount(0);
  await say("我想退款");
  await expect(chat.getByTestId("message-bot").last()).toContainText("申请退款");
  await expect(chat.getByTestId("message-visitor")).toHaveCount(1);
  // A reload shows the new conversation only (the old one was ended).
  await host.reload();
  if (!(await host.locator("#kefu-frame").isVisible())) await host.getByRole("button", { name: /打开聊天/ }).click();
  await expect(host.frameLocator("#kefu-frame").getByTestId("message-visitor")).toHaveCount(1);

  // With a person: asked first; cancel keeps the conversation, confirm ends it without a rating.
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  await page.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(page.getByRole("radio", { name: "Online" })).toBeChecked();
  const live = host.frameLocator("#kefu-frame");
  await live.getByLabel("请输入您的问题…").fill("转人工");
  await live.getByRole("button", { name: "发送" }).click();
  // Signed up without a name: no part of the e-mail address names the agent.
  await expect(live.getByText("人工客服已加入对话。")).toBeVisible();
  await live.getByRole("button", { name: "新对话" }).click();
  const confirm = live.getByRole("alertdialog", { name: "新对话" });
  await expect(confirm).toContainText("要结束与客服的对话并开始新对话吗？");
  await confirm.getByRole("button", { name: "取消" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(live.getByTestId("message-visitor")).toHaveCount(2);
  await live.getByRole("button", { name: "新对话" }).click();
  await live.getByRole("alertdialog").getByRole("button", { name: "开始新对话" }).click();
  await expect(live.getByTestId("message-visitor")).toHaveCount(0);
  await expect(live.getByTestId("chat-header-notice")).toContainText("您正在与 AI 助手对话");
  await expect(live.getByTestId("rating-prompt")).toHaveCount(0);
  await expect(live.getByText(/已结束/)).toHaveCount(0);
});

test("a reply while the widget is closed shows an unread count on the launcher and beeps when the page opts in", async ({ page, tenant, hostPage, context }) => {
  await context.addInitScript(() => {
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
      (window as unknown as { beeps: number }).beeps = ((window as unknown as { beeps?: number }).beeps ?? 0) + 1;
      return start.apply(this, args);
    };
  });
  await signUp(page, tenant);
  await createBot(page, "Badge assistant");
  await addFaq(page, SHIPPING);
  const { snippet } = await embedSnippet(page);
  const host = await context.newPage();
  await host.goto(await hostPage(snippet.replace(" async>", ' data-sound="on" async>')));
  // The answer is held back a moment, so the visitor has closed the widget when it arrives.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await host.route(`${E2E.chatUrl}/api/trpc/chat.send*`, async (route) => {
    await held;
    await route.continue();
  });
  const launcher = host.locator("#kefu-launcher");
  await launcher.click();
  const chat = host.frameLocator("#kefu-frame");
  await chat.getByLabel("Type your question…").fill("When will my order arrive?");
  await chat.getByRole("button", { name: "Send" }).click();
  await chat.getByRole("button", { name: "Close chat" }).click();
  await expect(host.locator("#kefu-panel")).toBeHidden();
  await expect(host.locator("#kefu-unread")).toBeHidden();
  release();

  await expect(host.locator("#kefu-unread")).toHaveText("1");
  await expect(launcher).toHaveAccessibleName("Open chat (unread replies: 1)");
  expect(await host.evaluate(() => (window as unknown as { beeps?: number }).beeps)).toBe(1);

  await launcher.click();
  await expect(host.locator("#kefu-unread")).toBeHidden();
  await expect(launcher).toHaveAccessibleName("Close chat");
  await expect(chat.getByTestId("message-bot").last()).toContainText("3 to 5 business days");

  // Without data-sound="on" the count shows, and no sound is made.
  const quiet = await context.newPage();
  await quiet.goto(await hostPage(snippet));
  await quiet.route(`${E2E.chatUrl}/api/trpc/chat.send*`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await quiet.getByRole("button", { name: "Open chat" }).click();
  const quietChat = quiet.frameLocator("#kefu-frame");
  await quietChat.getByLabel("Type your question…").fill("When will my order arrive?");
  await quietChat.getByRole("button", { name: "Send" }).click();
  await quietChat.getByRole("button", { name: "Close chat" }).click();
  await expect(quiet.locator("#kefu-unread")).toHaveText("1");
  expect(await quiet.evaluate(() => (window as unknown as { beeps?: number }).beeps ?? 0)).toBe(0);
});

test("on a phone (390×844) the open widget covers the page, stays above the keyboard, and closing gives the page back", async ({ page, tenant, hostPage, browser }) => {
  await signUp(page, tenant);
  await createBot(page, "Phone assistant");
  const { snippet } = await embedSnippet(page);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    // The on-screen keyboard shrinks the visual viewport: a stand-in the test can resize.
    await phone.addInitScript(() => {
      const fake = Object.assign(new EventTarget(), { height: window.innerHeight, offsetTop: 0, width: window.innerWidth });
      Object.defineProperty(window, "visualViewport", { value: fake, configurable: true });
    });
    const host = await phone.newPage();
    await host.goto(await hostPage(`<meta name="viewport" content="width=device-width, initial-scale=1"><div style="height:3000px">Long page</div>${snippet}`));
    await host.evaluate(() => window.scrollTo(0, 1000));
    await host.getByRole("button", { name: "Open chat" }).click();
    const chat = host.frameLocator("#kefu-frame");
    await expect(chat.getByRole("heading", { name: "Phone assistant" })).toBeVisible();

    expect(await host.locator("#kefu-panel").boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await expect(host.locator("#kefu-launcher")).toBeHidden();
    expect(await host.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe("hidden");
    await host.mouse.wheel(0, 500);
    expect(await host.evaluate(() => window.scrollY)).toBe(1000);

    // The keyboard opens: the panel, and the message box at its bottom, fit above it.
    await host.evaluate(() => {
      const vv = window.visualViewport as unknown as EventTarget & { height: number };
      vv.height = 500;
      vv.dispatchEvent(new Event("resize"));
    });
    await expect.poll(async () => (await host.locator("#kefu-panel").boundingBox())?.height).toBe(500);
    const box = await chat.getByLabel("Type your question…").boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(500);
    await chat.getByLabel("Type your question…").fill("Hello");
    await expect(chat.getByLabel("Type your question…")).toBeInViewport();

    await chat.getByRole("button", { name: "Close chat" }).click();
    await expect(host.locator("#kefu-panel")).toBeHidden();
    await expect(host.locator("#kefu-launcher")).toBeVisible();
    expect(await host.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe("visible");
    expect(await host.evaluate(() => window.scrollY)).toBe(1000);
  } finally {
    await phone.close();
  }
});
