import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { LAUNCHER_ICON_PATHS, launcherInk } from "../launcher";
import { ChatView, type ChatViewProps } from "./index";

const base: ChatViewProps = { t: translator("en"), botName: "Tea helper", brandColor: "#0f766e", greeting: "Hi", messages: [], streamingText: null, busy: false, onSend: () => undefined };
const render = (props: Partial<ChatViewProps>) => renderToStaticMarkup(<ChatView {...base} {...props} />);
const visitor = { id: "m1", role: "VISITOR" as const, content: "Hello", citations: [] };

describe("the bot's look in the chat view", () => {
  it("shows the avatar beside the display name, decorative (the name is written next to it)", () => {
    const html = render({ avatarUrl: "data:image/png;base64,iVBORw0KGgo=" });
    expect(html).toMatch(/<img src="data:image\/png;base64,iVBORw0KGgo=" alt=""/);
    expect(html).toContain(">Tea helper</h1>");
    expect(render({})).not.toContain("<img");
  });

  it("offers the suggested questions as labelled buttons before the first message only", () => {
    const html = render({ suggestedQuestions: ["How long does shipping take?", "怎么退款？"] });
    expect(html).toContain('role="group" aria-label="Suggested questions"');
    expect([...html.matchAll(/data-testid="suggested-question"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["How long does shipping take?", "怎么退款？"]);
    expect(render({ suggestedQuestions: ["How long does shipping take?"], messages: [visitor] })).not.toContain("suggested-question");
    expect(render({ suggestedQuestions: [] })).not.toContain("suggested-questions");
    expect(render({ t: translator("zh"), suggestedQuestions: ["怎么退款？"] })).toContain('aria-label="推荐问题"');
  });

  it("writes the questions in the brand colour where it reads on white, in slate on a pale brand", () => {
    const chip = (html: string) => /<button[^>]*data-testid="suggested-question"[^>]*>/.exec(html)![0];
    expect(chip(render({ suggestedQuestions: ["Refunds?"] }))).toMatch(/style="color:#0f766e/);
    expect(chip(render({ brandColor: "#fde68a", suggestedQuestions: ["Refunds?"] }))).not.toMatch(/style="color:/);
  });
});

describe("the launcher's look", () => {
  it("has a path for each built-in icon, white on a dark colour and near-black on a pale one", () => {
    expect(Object.keys(LAUNCHER_ICON_PATHS)).toEqual(["chat", "headset", "question", "sparkle"]);
    expect(launcherInk("#0f766e")).toBe("#ffffff");
    expect(launcherInk("#fde68a")).toBe("#0f172a");
  });
});
