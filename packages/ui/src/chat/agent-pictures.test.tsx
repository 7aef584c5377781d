import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { ChatView, type ChatViewMessage, type ChatViewProps } from "./index";

const base: ChatViewProps = { t: translator("en"), botName: "Shop", brandColor: "#0f766e", greeting: "Hi", messages: [], streamingText: null, busy: false, onSend: () => undefined };
const agentMessage = (id: string, authorKey: string | null): ChatViewMessage => ({ id, role: "AGENT", content: `Message ${id}`, citations: [], authorName: "Li Na", authorKey });
const pictures = { byKey: { ["a".repeat(32)]: "/p/first", ["b".repeat(32)]: "/p/second" }, byName: { "Li Na": "/p/by-name" } };
const sources = (html: string) => [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);

describe("agents' pictures in the chat view", () => {
  it("gives two agents of the same name their own picture, by the key on their messages, and names each run of messages", () => {
    const messages = [agentMessage("1", "a".repeat(32)), agentMessage("2", "b".repeat(32)), agentMessage("3", "b".repeat(32))];
    const html = renderToStaticMarkup(<ChatView {...base} messages={messages} agentPictures={pictures} />);
    expect(sources(html)).toEqual(["/p/first", "/p/second"]);
    expect(html.match(/data-testid="message-author"/g)).toHaveLength(2);
  });

  it("falls back to the name for a message logged without a key, and for the agent in the status bar", () => {
    const html = renderToStaticMarkup(<ChatView {...base} messages={[agentMessage("1", null)]} agentPictures={pictures} statusText="You're talking to Li Na" statusAgent="Li Na" />);
    expect(sources(html)).toEqual(["/p/by-name", "/p/by-name"]);
  });

  it("names an agent with no name to show \"Support agent\" in the widget's language, with their picture", () => {
    const unnamed: ChatViewMessage = { ...agentMessage("1", "a".repeat(32)), authorName: null };
    const english = renderToStaticMarkup(<ChatView {...base} messages={[unnamed]} agentPictures={pictures} />);
    expect(english).toMatch(/data-testid="message-author"[^>]*>.*Support agent<\/p>/);
    expect(sources(english)).toEqual(["/p/first"]);
    const chinese = renderToStaticMarkup(<ChatView {...base} t={translator("zh")} messages={[unnamed]} agentPictures={pictures} />);
    expect(chinese).toContain("客服人员");
    // A message that names no author at all (logged before messages carried one) has no line.
    const anonymous = renderToStaticMarkup(<ChatView {...base} messages={[{ ...unnamed, authorKey: null }]} agentPictures={pictures} />);
    expect(anonymous).not.toContain('data-testid="message-author"');
  });

  it("shows the initial while a key's picture is not known, never another agent's by name", () => {
    const html = renderToStaticMarkup(<ChatView {...base} messages={[agentMessage("1", "c".repeat(32))]} agentPictures={pictures} />);
    expect(sources(html)).toEqual([]);
    expect(html).toContain('data-testid="agent-initial"');
  });
});
