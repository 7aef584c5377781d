import { translator } from "@kefu/ui/i18n";
import { addFaq, alerts, createBot, E2E, embedSnippet, expect, signUp, hostedChatUrl, test } from "./fixtures";

test("the embed snippet on another origin answers with a citation and keeps the conversation", async ({ page, tenant, hostPage, context }) => {
  await signUp(page, tenant);
  await createBot(page, "Store assistant");
  await addFaq(page, {
    question: "How long does shipping take?",
    alternatives: ["when will my order arrive", "delivery time"],
    answer: "Orders arrive within 3 to 5 business days.",
  });
  const { snippet } = await embedSnippet(page);
  expect(snippet).toMatch(/^<script src="http:\/\/localhost:3101\/widget\.js" data-bot-id="bot_[A-Za-z0-9]{20}" async><\/script>$/);

  const host = await context.newPage();
  await host.goto(await hostPage(snippet));
  const launcher = host.getByRole("button", { name: "Open chat" });
  await launcher.click();
  const chat = host.frameLocator("#kefu-frame");
  await expect(chat.getByRole("heading", { name: "Store assistant" })).toBeVisible();
  await expect(chat.getByText("You are chatting with an AI assistant")).toBeVisible();

  await chat.getByLabel("Type your question…").fill("When will my order arrive?");
  await chat.getByRole("button", { name: "Send" }).click();
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText("3 to 5 business days");
  await expect(answer.getByTestId("citations")).toContainText("How long does shipping take?");

  await host.reload();
  await host.getByRole("button", { name: /chat/ }).first().waitFor();
  if (!(await host.locator("#kefu-frame").isVisible())) await host.getByRole("button", { name: "Open chat" }).click();
  await expect(host.frameLocator("#kefu-frame").getByTestId("message-visitor")).toHaveText("When will my order arrive?");
  await expect(host.frameLocator("#kefu-frame").getByTestId("message-bot")).toContainText("3 to 5 business days");

  // The tenant sees the transcript.
  await page.getByRole("link", { name: "Conversations" }).click();
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expect(page.getByTestId("transcript-visitor")).toHaveText(/When will my order arrive\?/);
  await expect(page.getByTestId("transcript-bot")).toContainText("3 to 5 business days");
});

test("answers stream over HTTP as JSON lines, piece by piece", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Streamer");
  await addFaq(page, { question: "What is your returns policy?", answer: "Returns are free within 30 days. Keep the receipt. Refunds take five days." });
  const { publicId } = await embedSnippet(page);

  const post = (path: string, input: unknown, headers: Record<string, string> = {}) =>
    fetch(`${E2E.chatUrl}/api/trpc/${path}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ 0: { json: input } }),
    });
  const start = (await (await post("chat.start", { botId: publicId })).json()) as [{ result: { data: { json: { visitorToken: string } } } }];
  const visitorToken = start[0].result.data.json.visitorToken;
  const response = await post(
    "chat.send",
    { botId: publicId, visitorToken, text: "what is the returns policy", clientMessageId: "e2e-stream-1" },
    { "trpc-accept": "application/jsonl" },
  );
  const reader = response.body!.getReader();
  let body = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value);
  // JSON lines: a head, then one line per streamed event (deltas, then the stored message).
  expect(body.trim().split("\n").length).toBeGreaterThan(3);
  expect(body.match(/"type":"delta"/g)?.length ?? 0).toBeGreaterThan(1);
  expect(body).toContain('"type":"bot_message"');
  expect(body).toContain("Returns are free within 30 days.");
});

test("the hosted chat page answers in Chinese and says when it does not know", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "中文助手", "zh");
  await addFaq(page, { question: "怎么申请退款？", alternatives: ["我想退款", "退货退款流程"], answer: "请在订单页面点击“申请退款”，3 个工作日内处理。" });
  const hostedUrl = await hostedChatUrl(page);
  expect(hostedUrl).toMatch(new RegExp(`^${E2E.chatUrl}/c/bot_`));

  await page.goto(hostedUrl);
  await expect(page.getByText("您正在与 AI 助手对话")).toBeVisible();
  // Created from the English dashboard, the bot greets in its own language.
  await expect(page.getByText(translator("zh")("bots.defaultGreeting"))).toBeVisible();
  await page.getByLabel("请输入您的问题…").fill("我想退款怎么办");
  await page.getByRole("button", { name: "发送" }).click();
  await expect(page.getByTestId("message-bot").last()).toContainText("申请退款");
  await expect(page.getByTestId("citations").last()).toContainText("怎么申请退款？");

  await page.getByLabel("请输入您的问题…").fill("火星上的天气怎么样？");
  await page.getByRole("button", { name: "发送" }).click();
  await expect(page.getByTestId("message-bot")).toHaveCount(2);
  await expect(page.getByTestId("message-bot").last()).toContainText("抱歉");
});

test("a snippet with a wrong bot id shows a clear message", async ({ page, hostPage }) => {
  const errors: string[] = [];
  page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
  await page.goto(await hostPage(`<script src="${E2E.chatUrl}/widget.js" data-bot-id="bot_wrongwrongwrongwrong" async></script>`));
  await page.getByRole("button", { name: "Open chat" }).click();
  await expect(alerts(page.frameLocator("#kefu-frame"))).toContainText("This chat is not available");
  await expect.poll(() => errors.join("\n")).toContain("Check data-bot-id in your embed snippet");
});

test("a send that fails is sent again by itself and answered, without a click", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Resender");
  await addFaq(page, { question: "Do you ship abroad?", answer: "Yes, we ship to 40 countries." });
  const hostedUrl = await hostedChatUrl(page);

  await page.goto(hostedUrl);
  // The first send never reaches the server (a dropped connection); later ones go through.
  let dropped = 0;
  await page.route("**/api/trpc/chat.send**", async (route) => {
    if (dropped++ === 0) await route.abort("connectionreset");
    else await route.fallback();
  });
  await page.getByLabel("Type your question…").fill("do you ship abroad?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Not sent.")).toBeVisible();
  // Resent with the same client id after a few seconds: answered once, the failure gone.
  await expect(page.getByTestId("message-bot").last()).toContainText("40 countries");
  await expect(page.getByText("Not sent.")).toHaveCount(0);
  await expect(page.getByTestId("message-visitor")).toHaveCount(1);
  expect(dropped).toBeGreaterThanOrEqual(2);
});

test("a busy server's 503 is waited out as it asks, with no error shown", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Patient");
  await addFaq(page, { question: "Do you ship abroad?", answer: "Yes, we ship to 40 countries." });
  const hostedUrl = await hostedChatUrl(page);

  await page.goto(hostedUrl);
  // The first send is refused as the chat app refuses past its queue: 503, Retry-After, a typed error.
  let refused = 0;
  const sentAt: number[] = [];
  await page.route("**/api/trpc/chat.send**", async (route) => {
    sentAt.push(Date.now());
    if (refused++ > 0) return route.fallback();
    await route.fulfill({
      status: 503,
      headers: { "content-type": "application/json", "retry-after": "2" },
      body: JSON.stringify({
        error: { json: { message: "Many people are chatting right now.", code: -32603, data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, reason: "overloaded" } } },
      }),
    });
  });
  await page.getByLabel("Type your question…").fill("do you ship abroad?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect.poll(() => refused).toBe(1);
  await page.waitForTimeout(500);
  await expect(page.getByText("Not sent.")).toHaveCount(0);
  await expect(page.getByTestId("message-bot").last()).toContainText("40 countries");
  // Never shown as failed, sent again only after the 2 s the server asked for, and stored once.
  await expect(page.getByText("Not sent.")).toHaveCount(0);
  expect(sentAt.length).toBe(2);
  expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(2000);
  await expect(page.getByTestId("message-visitor")).toHaveCount(1);
});

test("a bot's allowed websites: the widget runs on an allowed site and refuses to start on another", async ({ page, tenant, hostPage, context }) => {
  await signUp(page, tenant);
  await createBot(page, "Guarded");
  await addFaq(page, { question: "Do you ship abroad?", answer: "Yes, we ship to 40 countries." });
  const { snippet, publicId } = await embedSnippet(page);
  // Two host pages on two origins (127.0.0.1 on two ports); the bot allows only the first.
  const allowedUrl = await hostPage(snippet);
  const refusedUrl = await hostPage(`${snippet}<iframe id="direct" title="direct" src="${E2E.chatUrl}/widget/${publicId}"></iframe>`);
  const allowedOrigin = new URL(allowedUrl).origin;

  const origins = page.getByTestId("allowed-origins");
  await expect(origins.getByTestId("origins-any-warning")).toContainText("Any website can embed this bot");
  await origins.getByLabel("Websites, one per line").fill("shop.example.com");
  await origins.getByRole("button", { name: "Save websites" }).click();
  await expect(origins).toContainText('"shop.example.com" must start with https:// or http://');
  await origins.getByLabel("Websites, one per line").fill(`${allowedOrigin}/\nhttps://*.example.com`);
  await origins.getByRole("button", { name: "Save websites" }).click();
  await expect(origins.getByRole("status")).toHaveText("Saved. The widget now works only on these websites.");
  await expect(origins.getByTestId("origins-any-warning")).toHaveCount(0);
  await expect(origins.getByLabel("Websites, one per line")).toHaveValue(`${allowedOrigin}\nhttps://*.example.com`);

  // The allowed site: the widget answers, and the visitor token it posts back (to this origin only) resumes the chat.
  const host = await context.newPage();
  await host.goto(allowedUrl);
  await host.getByRole("button", { name: "Open chat" }).click();
  const chat = host.frameLocator("#kefu-frame");
  await chat.getByLabel("Type your question…").fill("do you ship abroad?");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-bot").last()).toContainText("40 countries");
  await expect.poll(() => host.evaluate((id) => localStorage.getItem(`kefu:visitor:${id}`), publicId)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await host.reload();
  await host.locator("#kefu-launcher").waitFor();
  if (!(await host.locator("#kefu-frame").isVisible())) await host.getByRole("button", { name: "Open chat" }).click();
  await expect(host.frameLocator("#kefu-frame").getByTestId("message-visitor")).toHaveText("do you ship abroad?");

  // The other site: no launcher, a console message saying why, and the widget page refuses to be framed there.
  const refused = await context.newPage();
  const messages: string[] = [];
  refused.on("console", (msg) => messages.push(msg.text()));
  await refused.goto(refusedUrl);
  await expect.poll(() => messages.join("\n")).toContain(`this website (${new URL(refusedUrl).origin}) is not among the allowed websites of bot ${publicId}`);
  await expect(refused.locator("#kefu-launcher")).toHaveCount(0);
  await expect(refused.locator("#kefu-panel")).toHaveCount(0);
  await expect.poll(() => messages.join("\n")).toMatch(/frame-ancestors/);
  await expect(refused.frameLocator("#direct").getByLabel("Type your question…")).toHaveCount(0);
});
