import { crc32, deflateSync } from "node:zlib";
import { type FrameLocator, type Locator } from "@playwright/test";
import { botTab, createBot, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// Images both ways: a visitor sends one from the widget on a customer's page (the bot says it reads
// text only), asks for a person; the agent sees the image in the inbox and answers with one, which
// the visitor sees. A file that only claims to be a PNG is refused with the reason.

/** A solid-colour PNG of `size`×`size` pixels, made here (chunks, CRCs and the zlib stream). */
function solidPng(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: size }, () => Buffer.from(rgb)))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

/** The image has loaded (a refused or missing one has no natural width). */
async function expectLoaded(image: Locator) {
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
}

const sendImage = (chat: FrameLocator, file: { name: string; mimeType: string; buffer: Buffer }) => chat.getByTestId("image-input").setInputFiles(file);

test("a visitor sends an image, hands off, and the agent sees it and answers with an image the visitor sees", async ({ page: agent, tenant, hostPage, browser }) => {
  test.setTimeout(180_000);
  await signUp(agent, tenant);
  await createBot(agent, "Picture Bot");
  await botTab(agent, "Rules");
  await agent.getByRole("button", { name: "Add default rules" }).click();
  const { snippet } = await embedSnippet(agent);
  await agent.getByRole("link", { name: "Inbox", exact: true }).click();
  await agent.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(agent.getByRole("radio", { name: "Online" })).toBeChecked();

  const visitors = await browser.newContext();
  try {
    const { host, chat } = await openWidget(visitors, await hostPage(snippet));
    await expect(chat.getByRole("heading", { name: "Picture Bot" })).toBeVisible();
    await expect(chat.getByRole("button", { name: "Attach an image" })).toBeVisible();

    // An SVG with a script, named and typed as a PNG: refused by its bytes, with the reason.
    await sendImage(chat, { name: "cat.png", mimeType: "image/png", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    await expect(chat.getByTestId("image-error")).toContainText("Send a PNG, JPEG, GIF or WebP image.");
    await expect(chat.getByTestId("message-visitor")).toHaveCount(0);

    // A real PNG: a thumbnail in the conversation, and the bot says what to do instead.
    await sendImage(chat, { name: "broken-cup.png", mimeType: "image/png", buffer: solidPng(48, [220, 38, 38]) });
    await expectLoaded(chat.getByTestId("message-visitor").getByTestId("message-image"));
    await expect(chat.getByTestId("image-error")).toHaveCount(0);
    await expect(chat.getByTestId("message-bot").last()).toContainText("I can only read text, not images.");

    // A person joins: the agent is online, so it is theirs at once.
    await chat.getByRole("button", { name: "Talk to a person" }).click();
    await expect(chat.getByTestId("chat-status")).toBeVisible();
    await expect(agent.getByTestId("inbox-count-mine")).toHaveText("1");
    await agent.getByRole("tab", { name: /Mine/ }).click();
    await agent.getByRole("tabpanel").getByRole("link").first().click();
    const log = agent.getByRole("log", { name: "Transcript" });
    await expectLoaded(log.getByTestId("inbox-message-visitor").getByTestId("message-image"));

    // The agent answers with an image of their own; the visitor sees it, loaded by a signed link.
    await agent.getByTestId("inbox-image-input").setInputFiles({ name: "new-cup.png", mimeType: "image/png", buffer: solidPng(64, [22, 163, 74]) });
    await expectLoaded(log.getByTestId("inbox-message-agent").getByTestId("message-image"));
    const agentImage = chat.getByTestId("message-agent").getByTestId("message-image");
    await expectLoaded(agentImage);
    // Opens full size in a new tab: a link to the image itself, served as an image.
    const link = chat.getByTestId("message-agent").getByRole("link", { name: /image/i });
    await expect(link).toHaveAttribute("target", "_blank");
    // The link expires and is signed; the visitor's token is in no image URL (history, shared links, proxy logs).
    for (const url of [await link.getAttribute("href"), await agentImage.getAttribute("src")]) {
      expect(url).toMatch(/^\/api\/attachments\/[\w-]+\?bot=\w+&v=[\w-]+&exp=\d+&sig=[\w-]{43}$/);
      expect(url).not.toContain("token");
    }
    // For the eye: both sides (kept with the test's output, not in the repository).
    await host.screenshot({ path: test.info().outputPath("widget-images.png") });
    await agent.screenshot({ path: test.info().outputPath("inbox-images.png") });
  } finally {
    await visitors.close();
  }
});
