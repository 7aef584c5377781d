import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { activeSuggestionsMessageId, SuggestionButtons } from "./suggestions";

const offered = [
  { sourceId: "s1", title: "How long does shipping take?" },
  { sourceId: "s2", title: "Do you ship abroad?" },
];

describe("did you mean buttons", () => {
  it("belong to the last message only, when it is a bot reply that offered some", () => {
    const offer = { id: "b1", role: "BOT", suggestions: offered };
    expect(activeSuggestionsMessageId([{ id: "v1", role: "VISITOR" }, offer])).toBe("b1");
    // Chosen or written on: a later message exists.
    expect(activeSuggestionsMessageId([offer, { id: "v2", role: "VISITOR" }])).toBeNull();
    expect(activeSuggestionsMessageId([{ id: "b2", role: "BOT", suggestions: [] }])).toBeNull();
    expect(activeSuggestionsMessageId([])).toBeNull();
  });

  it("are real buttons in a labelled group, with 'talk to a person' when it may be asked for, in English and Chinese", () => {
    const en = renderToStaticMarkup(
      <SuggestionButtons t={translator("en")} suggestions={offered} brandColor="#0f766e" disabled={false} onChoose={() => undefined} onRequestHuman={() => undefined} />,
    );
    expect(en).toContain('role="group" aria-label="Did you mean…"');
    expect([...en.matchAll(/<button type="button"/g)]).toHaveLength(3);
    expect(en).toContain(">How long does shipping take?</button>");
    expect(en).toContain(">Talk to a person</button>");
    const zh = renderToStaticMarkup(<SuggestionButtons t={translator("zh")} suggestions={offered} brandColor="#0f766e" disabled onChoose={() => undefined} />);
    expect(zh).toContain('aria-label="您是想问…"');
    expect(zh).not.toContain("转人工");
    expect([...zh.matchAll(/disabled=""/g)]).toHaveLength(2);
  });

  it("under an answer are related questions: labelled so, shown so, without 'talk to a person'", () => {
    const en = renderToStaticMarkup(
      <SuggestionButtons t={translator("en")} suggestions={offered} related brandColor="#0f766e" disabled={false} onChoose={() => undefined} onRequestHuman={() => undefined} />,
    );
    expect(en).toContain('role="group" aria-label="Related questions"');
    expect(en).toContain(">Related questions</p>");
    expect(en).not.toContain("Talk to a person");
    expect([...en.matchAll(/<button type="button"/g)]).toHaveLength(2);
    expect(renderToStaticMarkup(<SuggestionButtons t={translator("zh")} suggestions={offered} related brandColor="#0f766e" disabled onChoose={() => undefined} />)).toContain('aria-label="相关问题"');
  });
});
