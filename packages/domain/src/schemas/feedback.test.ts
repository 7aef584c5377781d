import { describe, expect, it } from "vitest";
import { isFeedbackTarget, ZAnswerFeedbackRequest, ZRateRequest } from "./feedback";

const visitor = { botId: "bot_abcdefghijklmnopqrst", visitorToken: "a".repeat(43) };

describe("answer feedback requests", () => {
  it("takes a thumbs down with a reason and words, trimmed; blank words are none", () => {
    const parsed = ZAnswerFeedbackRequest.safeParse({ ...visitor, messageId: "m1", helpful: false, reason: "wrong", comment: "  old price  " });
    expect(parsed.success && parsed.data).toMatchObject({ helpful: false, reason: "wrong", comment: "old price" });
    const blank = ZAnswerFeedbackRequest.safeParse({ ...visitor, messageId: "m1", helpful: false, comment: "   " });
    expect(blank.success && blank.data.comment).toBeUndefined();
  });

  it("refuses a reason with a thumbs up, an unknown reason, and words over 1,000 characters", () => {
    expect(ZAnswerFeedbackRequest.safeParse({ ...visitor, messageId: "m1", helpful: true, reason: "wrong" }).success).toBe(false);
    expect(ZAnswerFeedbackRequest.safeParse({ ...visitor, messageId: "m1", helpful: false, reason: "rude" }).success).toBe(false);
    expect(ZAnswerFeedbackRequest.safeParse({ ...visitor, messageId: "m1", helpful: false, comment: "x".repeat(1001) }).success).toBe(false);
    expect(ZAnswerFeedbackRequest.safeParse({ ...visitor, messageId: "m1", helpful: false, comment: "x".repeat(1000) }).success).toBe(true);
  });

  it("rates 1–5 with optional words", () => {
    expect(ZRateRequest.safeParse({ ...visitor, rating: 5, comment: "很快解决了" }).success).toBe(true);
    expect(ZRateRequest.safeParse({ ...visitor, rating: 0 }).success).toBe(false);
    expect(ZRateRequest.safeParse({ ...visitor, rating: 3, comment: "x".repeat(1001) }).success).toBe(false);
  });
});

describe("which messages take a vote", () => {
  it("bot answers that cite the knowledge; not declines, offers, notices or visitor messages", () => {
    const cited = [{ sourceId: "s1", title: "Refunds", snippet: "…" }];
    expect(isFeedbackTarget({ role: "BOT", citations: cited })).toBe(true);
    expect(isFeedbackTarget({ role: "BOT", citations: [] })).toBe(false);
    expect(isFeedbackTarget({ role: "SYSTEM", citations: cited })).toBe(false);
    expect(isFeedbackTarget({ role: "VISITOR", citations: cited })).toBe(false);
  });
});
