import { createBot, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// Visitors see the agent who answers them: their picture (uploaded on the team page) beside their
// messages and in the "talking to" bar, served from the chat app at a URL that names only an opaque key of the agent and the picture's version.
const RED_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4o6aGFTEMLQkAF/tKAS/fz4YAAAAASUVORK5CYII=", "base64");

test("after an agent replies, the widget shows their picture beside their name, or beside \"Support agent\" when they have set none", async ({ page, tenant, hostPage, context }) => {
  test.setTimeout(120_000);
  // Signed up without a name: visitors see "Support agent", never a part of the e-mail address.
  const localPart = tenant.email.split("@")[0]!;
  await signUp(page, tenant);
  await page.goto("/settings/team");
  await page.getByText("Upload a picture").locator("input[type=file]").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: RED_PNG });
  await expect(page.getByRole("button", { name: "Remove picture" })).toBeVisible();
  await createBot(page, "Picture shop");
  const { snippet } = await embedSnippet(page);

  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  await page.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(page.getByRole("radio", { name: "Online" })).toBeChecked();

  const { chat } = await openWidget(context, await hostPage(snippet));
  await chat.getByLabel("Type your question…").fill("Hello, is anyone there?");
  await chat.getByRole("button", { name: "Send", exact: true }).click();
  await expect(chat.getByTestId("message-bot").last()).toBeVisible();
  await chat.getByRole("button", { name: "Talk to a person" }).click();
  const status = chat.getByTestId("chat-status");
  await expect(status).toContainText("You are chatting with our team");
  await expect(status.getByTestId("agent-picture")).toBeVisible();
  await expect(status).not.toContainText(localPart);

  const queue = page.getByRole("list", { name: "Conversations" });
  await expect(page.getByTestId("inbox-count-mine")).toHaveText("1");
  await page.getByRole("tab").filter({ has: page.getByTestId("inbox-count-mine") }).click();
  await queue.getByRole("link").first().click();
  const reply = page.getByLabel("Reply", { exact: true });
  await expect(reply).toBeEnabled();
  await reply.fill("Hi, I can help.");
  await reply.press("Enter");

  await expect(chat.getByTestId("message-agent")).toContainText("Hi, I can help.");
  const author = chat.getByTestId("message-author");
  await expect(author).toHaveText("Support agent");
  await expect(chat.locator("body")).not.toContainText(localPart);
  const picture = author.getByTestId("agent-picture");
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
  const src = await picture.getAttribute("src");
  // The agent's opaque key and the picture's version: nothing of the user id or e-mail.
  expect(src).toMatch(/^\/api\/widget\/[^/]+\/agents\/[0-9a-f]{32}-[0-9a-f]{16}$/);
  expect(src).not.toContain(tenant.email);
});
