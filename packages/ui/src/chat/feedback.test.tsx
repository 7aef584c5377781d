import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { AnswerFeedback, takesFeedback } from "./feedback";

const cited = [{ sourceId: "s1", title: "Shipping", snippet: "…" }];
const vote = async () => true;

describe("answer feedback buttons", () => {
  it("go under bot answers that cite the knowledge, not under declines, notices or the visitor's messages", () => {
    expect(takesFeedback({ role: "BOT", citations: cited })).toBe(true);
    expect(takesFeedback({ role: "BOT", citations: [] })).toBe(false);
    expect(takesFeedback({ role: "SYSTEM", citations: cited })).toBe(false);
    expect(takesFeedback({ role: "VISITOR", citations: cited })).toBe(false);
    expect(takesFeedback({ role: "BOT", citations: cited, pending: true })).toBe(false);
  });

  it("are toggle buttons in a labelled group that show the current vote, in English and Chinese", () => {
    const none = renderToStaticMarkup(<AnswerFeedback t={translator("en")} vote={undefined} brandColor="#0f766e" onVote={vote} />);
    expect(none).toContain('role="group" aria-label="Was this answer helpful?"');
    expect(none).toContain('aria-pressed="false" aria-label="Helpful"');
    expect(none).toContain('aria-pressed="false" aria-label="Not helpful"');
    const down = renderToStaticMarkup(<AnswerFeedback t={translator("zh")} vote={{ helpful: false, reason: "wrong" }} brandColor="#0f766e" onVote={vote} />);
    expect(down).toContain('aria-label="这个回答对您有帮助吗？"');
    expect(down).toContain('aria-pressed="false" aria-label="有帮助"');
    expect(down).toContain('aria-pressed="true" aria-label="没有帮助"');
  });
});
