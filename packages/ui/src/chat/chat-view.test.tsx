import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { ChatView, type ChatViewProps } from "./index";

const base: ChatViewProps = { t: translator("en"), botName: "Shop", brandColor: "#0f766e", greeting: "Hi", messages: [], streamingText: null, busy: false, onSend: () => undefined };
const render = (props: Partial<ChatViewProps>) => renderToStaticMarkup(<ChatView {...base} {...props} />);

describe("the chat view's header", () => {
  it("says AI assistant with the bot, and something else once a person has joined", () => {
    expect(render({})).toContain("You are chatting with an AI assistant");
    const withPerson = render({ headerNotice: translator("en")("chat.humanNotice") });
    expect(withPerson).toContain("You are chatting with a person from our team.");
    expect(withPerson).not.toContain("AI assistant");
  });

  it("never breaks its buttons inside a word (转人/工)", () => {
    const html = render({ t: translator("zh"), onRequestHuman: () => undefined, onEndChat: () => undefined, onClose: () => undefined });
    const buttons = [...html.matchAll(/<button[^>]*class="([^"]*)"[^>]*>([^<]*)</g)].filter(([, , label]) => label === "转人工" || label === "结束对话");
    expect(buttons).toHaveLength(2);
    for (const [, className] of buttons) expect(className).toContain("whitespace-nowrap");
  });
});

describe("the message box", () => {
  it("does not cut what is typed or pasted (no maxlength); the limit is counted instead", () => {
    const html = render({ maxLength: 4000 });
    expect(html).toMatch(/<textarea[^>]*id="kefu-chat-input"/);
    expect(html).not.toMatch(/<textarea[^>]*maxlength/i);
    // Nothing typed: no counter, no alert.
    expect(html).not.toContain("chat-char-count");
    expect(html).not.toContain("chat-too-long");
  });
});

describe("answers and starting over", () => {
  const messages: ChatViewProps["messages"] = [
    { id: "v1", role: "VISITOR", content: "Where is my order?", citations: [] },
    { id: "b1", role: "BOT", content: "It ships **today**.", citations: [] },
    { id: "a1", role: "AGENT", content: "Hi, Li here.", citations: [] },
    { id: "s1", role: "SYSTEM", content: "Li joined.", citations: [] },
  ];

  it("puts a labelled copy button under each reply of the bot or an agent, never under the visitor's text or a notice", () => {
    const html = render({ messages });
    expect(html.match(/data-testid="copy-answer"/g)).toHaveLength(2);
    // The bot's reply is an answer; a person's reply is a message.
    expect(html.match(/aria-label="Copy answer"/g)).toHaveLength(1);
    expect(html.match(/aria-label="Copy message"/g)).toHaveLength(1);
    expect(html.indexOf('aria-label="Copy answer"')).toBeLessThan(html.indexOf("Hi, Li here."));
    expect(html.indexOf('aria-label="Copy message"')).toBeGreaterThan(html.indexOf("Hi, Li here."));
    const zh = render({ t: translator("zh"), messages });
    expect(zh.match(/aria-label="复制回答"/g)).toHaveLength(1);
    expect(zh.match(/aria-label="复制消息"/g)).toHaveLength(1);
  });

  it("offers a labelled new chat action only when there is something to start over from", () => {
    expect(render({})).not.toContain("new-chat");
    const html = render({ messages, onNewChat: () => undefined });
    expect(html).toMatch(/<button[^>]*aria-label="New chat"[^>]*data-testid="new-chat"/);
    expect(render({ t: translator("zh"), messages, onNewChat: () => undefined })).toContain('aria-label="新对话"');
  });
});
