import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { ChatView, ImageFileInput, type ChatViewProps } from "./index";

const base: ChatViewProps = { t: translator("en"), botName: "Shop", brandColor: "#0f766e", greeting: "Hi", messages: [], streamingText: null, busy: false, onSend: () => undefined };
const image = { id: "a1", contentType: "image/png", width: 300, height: 200 };
const photo = { id: "m1", role: "VISITOR" as const, content: "", citations: [], attachments: [image] };

describe("images in the chat view", () => {
  it("shows an image-only message as a thumbnail that opens full size in a new tab, with no empty bubble", () => {
    const html = renderToStaticMarkup(<ChatView {...base} messages={[photo]} attachmentUrl={(id) => `/api/attachments/${id}?bot=b`} />);
    expect(html).toMatch(/<a href="\/api\/attachments\/a1\?bot=b" target="_blank" rel="noopener noreferrer"/);
    expect(html).toContain('alt="Image sent by you"');
    expect(html).toContain('width="300" height="200"');
    expect(html).not.toMatch(/<p class="[^"]*whitespace-pre-wrap[^"]*"[^>]*><\/p>/);
  });

  it("names the sender in Chinese too, and shows nothing without a URL to read images from", () => {
    const agent = { ...photo, role: "AGENT" as const, authorName: "李娜" };
    expect(renderToStaticMarkup(<ChatView {...base} t={translator("zh")} messages={[agent]} attachmentUrl={(id) => `/i/${id}`} />)).toContain('alt="李娜发送的图片"');
    expect(renderToStaticMarkup(<ChatView {...base} messages={[photo]} />)).not.toContain("<img");
  });

  it("shows a placeholder, not a broken image or a link to nowhere, while an image has no address yet", () => {
    const html = renderToStaticMarkup(<ChatView {...base} messages={[photo]} attachmentUrl={() => ""} />);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<a ");
    expect(html).toContain('data-testid="message-image-pending"');
    expect(html).toContain('aria-label="Image sent by you"');
  });

  it("writes an agent's name as it is, even with characters a replacement pattern would expand", () => {
    const agent = { ...photo, role: "AGENT" as const, authorName: "Ann $& $'" };
    expect(renderToStaticMarkup(<ChatView {...base} messages={[agent]} attachmentUrl={(id) => `/i/${id}`} />)).toContain(`alt="Image sent by Ann $&amp; $&#x27;"`);
  });
});

describe("the hidden image input", () => {
  it("is out of sight and out of the tab order, named for screen readers, and takes the types it is given", () => {
    const html = renderToStaticMarkup(<ImageFileInput ref={null} accept="image/png,image/jpeg" label="Attach an image" testId="image-input" onFile={() => undefined} />);
    expect(html).toBe('<input type="file" accept="image/png,image/jpeg" class="sr-only" tabindex="-1" aria-hidden="true" aria-label="Attach an image" data-testid="image-input"/>');
  });
});
