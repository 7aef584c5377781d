import { describe, expect, it } from "vitest";
import { CALIBRATED_ANSWER_FLOOR, CALIBRATED_SUGGEST_FLOOR, calibrate, CALIBRATION_METHOD, curveOf, parseCalibration, expectedBehaviour, SUGGEST_MAX_OUTSIDE, SUGGEST_MIN_HIT, thresholdsForTarget, type Calibration } from "./calibration";
import { perturbations, positiveFor, negativeFor, seededRandom } from "./calibration-queries";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { type RetrievalDoc } from "./types";

const faq = (id: string, phrasings: string[], answer: string): RetrievalDoc[] =>
  phrasings.map((text, i) => ({ id: `${id}#${i}`, sourceId: id, text, answer }));

const KB: RetrievalDoc[] = [
  ...faq("refund", ["How do I get a refund for my order?", "I want my money back"], "Open the order and choose Refund."),
  ...faq("shipping", ["How long does shipping take?", "When will my parcel arrive"], "Parcels arrive in 3 to 5 working days."),
  ...faq("password", ["I forgot my password", "How can I reset my password?"], "Use the reset link on the sign-in page."),
  ...faq("invoice", ["Can I get an invoice for my purchase?", "Where do I download invoices"], "Invoices are under Account, Orders."),
  ...faq("cancel", ["How do I cancel my subscription?", "Stop my monthly plan"], "Cancel it under Account, Plan."),
  ...faq("address", ["How do I change my delivery address?", "Update shipping address"], "Edit the address before the order ships."),
  ...faq("payment", ["Which payment methods do you accept?", "Can I pay with a credit card"], "Cards, PayPal and bank transfer."),
  ...faq("contact", ["How can I contact customer support?", "Talk to a person"], "Write to support@example.com."),
];

/** A curve from hand-made measurements: confidence, rank of the right source (0 = outside / missed). */
function curve(rows: [number, number][], negatives: number[], outsideShare = 0.2): Calibration {
  return curveOf([...rows.map(([confidence, rank]) => ({ confidence, rank, expected: "x" })), ...negatives.map((confidence) => ({ confidence, rank: 0, expected: null }))], outsideShare);
}

describe("calibration curve", () => {
  it("counts cumulative shares at each threshold", () => {
    const c = curve([[0.9, 1], [0.6, 1], [0.5, 2], [0.2, 4]], [0.55, 0.1]);
    const at = (t: number) => c.points[Math.round(t * 100)]!;
    expect(c.points).toHaveLength(101);
    expect(at(0)).toMatchObject({ answered: 1, right: 0.5, top3: 0.75, outside: 1 });
    expect(at(0.5)).toMatchObject({ answered: 0.75, right: 0.5, top3: 0.75, outside: 0.5 });
    expect(at(0.6)).toMatchObject({ answered: 0.5, right: 0.5, top3: 0.5, outside: 0 });
    expect(at(0.95)).toMatchObject({ answered: 0, right: 0, outside: 0 });
  });

  it("expects precision among answered with outside questions weighted by their share", () => {
    const c = curve([[0.9, 1], [0.6, 1], [0.5, 2], [0.2, 4]], [0.55, 0.1], 0.2);
    // At 0.5: inside answered 0.75 (0.5 right), outside 0.5: 0.8*0.5 / (0.8*0.75 + 0.2*0.5) = 0.5714.
    expect(expectedBehaviour(c, { answer: 0.5, suggest: 0.5 }).precision).toBeCloseTo(0.5714, 3);
    expect(expectedBehaviour(c, { answer: 0.6, suggest: 0.6 })).toMatchObject({ precision: 1, answerRate: 0.5, suggestRate: 0, outsideAnswered: 0 });
    // Band [0.2, 0.6): two answerable (one in the top 3) and one outside question.
    const band = expectedBehaviour(c, { answer: 0.6, suggest: 0.2 });
    expect(band.suggestRate).toBe(0.5);
    expect(band.suggestHit).toBeCloseTo((0.8 * 0.25) / (0.8 * 0.5 + 0.2 * 0.5), 3);
  });
});

describe("a stored calibration", () => {
  it("reads back a curve of the current confidence and refuses one of another", () => {
    const curve = curveOf([{ confidence: 0.5, rank: 1, expected: "x" }], 0.1);
    expect(curve.method).toBe(CALIBRATION_METHOD);
    expect(parseCalibration(JSON.parse(JSON.stringify(curve)))).toEqual(curve);
    // Stored before the method was recorded: the first confidence, recomputed rather than applied.
    const { method: _method, ...older } = curve;
    expect(parseCalibration(older)).toBeNull();
    expect(parseCalibration({ ...curve, method: CALIBRATION_METHOD + 1 })).toBeNull();
    expect(parseCalibration({ points: "nope" })).toBeNull();
  });

  it("says its thresholds are calibrated, unlike the defaults", () => {
    const curve = curveOf([{ confidence: 0.5, rank: 1, expected: "x" }], 0.1);
    expect(thresholdsForTarget(curve, 0.9).calibrated).toBe(true);
    expect(thresholdsForTarget(null, 0.9).calibrated).toBeUndefined();
  });
});

describe("thresholds for a target precision", () => {
  it("answers from the lowest threshold that reaches the target", () => {
    const c = curve([[0.9, 1], [0.8, 1], [0.7, 1], [0.6, 2], [0.4, 1], [0.3, 3]], [0.65, 0.2, 0.1, 0.05]);
    // 0.61..0.65 keep the outside 0.65 answered: precision 0.8*0.5/(0.8*0.5+0.2*0.25) = 0.889; from 0.66 it is 1.
    expect(thresholdsForTarget(c, 0.9)).toMatchObject({ answer: 0.66, reached: true });
    expect(thresholdsForTarget(c, 0.85).answer).toBe(0.61);
    // A lower target answers more.
    expect(thresholdsForTarget(c, 0.5).answer).toBeLessThan(0.61);
  });

  it("puts the suggestion band where it mostly holds the right entry and keeps most outside questions below", () => {
    const c = curve([[0.9, 1], [0.8, 1], [0.5, 2], [0.45, 3], [0.4, 5], [0.35, 0], [0.1, 2]], [0.42, 0.2, 0.15, 0.1, 0.05]);
    const t = thresholdsForTarget(c, 0.9);
    expect(t.answer).toBe(0.51);
    expect(t.suggest).toBeLessThan(t.answer);
    expect(expectedBehaviour(c, t).suggestHit).toBeGreaterThanOrEqual(SUGGEST_MIN_HIT);
    expect(c.points[Math.round(t.suggest * 100)]!.outside).toBeLessThanOrEqual(SUGGEST_MAX_OUTSIDE);
  });

  it("when no threshold reaches the target, takes the most precise one that still answers", () => {
    const c = curve([[0.9, 2], [0.8, 1], [0.7, 1], [0.6, 2]], [0.95, 0.85]);
    const t = thresholdsForTarget(c, 0.99);
    expect(t.reached).toBe(false);
    expect(t.answer).toBeGreaterThan(0);
  });

  it("never answers or suggests below its floor, even where the curve says every answer is right", () => {
    // A small knowledge base: every pseudo-question right at any confidence, no outside one scoring.
    const c = curve([[0.5, 1], [0.2, 1], [0.05, 1], [0.02, 1]], [0, 0]);
    const t = thresholdsForTarget(c, 0.9);
    expect(t.answer).toBe(CALIBRATED_ANSWER_FLOOR);
    expect(t.suggest).toBeGreaterThanOrEqual(CALIBRATED_SUGGEST_FLOOR);
    expect(t.suggest).toBeLessThanOrEqual(t.answer);
  });

  it("falls back to the defaults without a calibration", () => {
    expect(thresholdsForTarget(null, 0.9)).toEqual({ ...DEFAULT_THRESHOLDS, reached: false });
  });
});

describe("calibrate", () => {
  it("is deterministic for a seed and measures both kinds of pseudo-queries", () => {
    const a = calibrate(KB);
    const b = calibrate(KB);
    expect(a).toEqual(b);
    expect(a.status).toBe("ready");
    if (a.status !== "ready") return;
    // Up to two distinct questions per entry (a repeated edit is not asked twice); one outside question each.
    expect(a.calibration.positives).toBeGreaterThan(8);
    expect(a.calibration.positives).toBeLessThanOrEqual(16);
    expect(a.calibration.negatives).toBe(8);
    // Everything is answered at 0, nothing above 1; shares never grow with the threshold.
    expect(a.calibration.points[0]).toMatchObject({ answered: 1, outside: 1 });
    for (let i = 1; i < a.calibration.points.length; i++) {
      expect(a.calibration.points[i]!.answered).toBeLessThanOrEqual(a.calibration.points[i - 1]!.answered);
      expect(a.calibration.points[i]!.outside).toBeLessThanOrEqual(a.calibration.points[i - 1]!.outside);
    }
  });

  it("never ranks a pseudo-query against the text it was made from", () => {
    const seen: string[][] = [];
    calibrate(KB, {
      retriever: (docs) => {
        const ids = docs.map((d) => d.id);
        seen.push(ids);
        return { retrieve: () => [] };
      },
    });
    // Each fold lacks some chunks: held-out phrasings and whole entries.
    expect(seen.length).toBeGreaterThan(1);
    for (const ids of seen) expect(ids.length).toBeLessThan(KB.length);
  });

  it("refuses knowledge too small to measure", () => {
    expect(calibrate(KB.slice(0, 6)).status).toBe("too_small");
  });

  it("bounds the number of pseudo-queries", () => {
    const big = Array.from({ length: 400 }, (_, i) => faq(`e${i}`, [`question number ${i} about topic ${i % 17} and item ${i % 13}`], `answer ${i}`)).flat();
    let asked = 0;
    const result = calibrate(big, {
      maxPositives: 50,
      maxNegatives: 20,
      retriever: () => ({
        retrieve: () => {
          asked++;
          return [];
        },
      }),
    });
    expect(result.status).toBe("ready");
    expect(asked).toBeLessThanOrEqual(70);
  });
});

describe("pseudo-queries", () => {
  it("perturbs a phrasing by dropping, keeping, reordering and replacing spans", () => {
    const random = seededRandom(7);
    const variants = perturbations("how do I reset my password today", random, () => "pay with a credit card");
    expect(variants.length).toBeGreaterThanOrEqual(3);
    for (const v of variants) expect(v).not.toBe("how do I reset my password today");
    // Chinese is cut by characters.
    expect(perturbations("怎么申请退款", seededRandom(3), () => "多久到账").every((v) => !/\s/.test(v))).toBe(true);
  });

  it("leaves one phrasing out when an entry has several, and the whole entry out for an outside question", () => {
    const source = { id: "refund", kind: "faq" as const, chunks: faq("refund", ["How do I get a refund?", "I want my money back"], "Open the order.") };
    const positive = positiveFor(source, seededRandom(1), () => "")!;
    expect(positive.kind).toBe("phrasing");
    expect(positive.excludeChunks).toHaveLength(1);
    expect(source.chunks.find((c) => c.id === positive.excludeChunks[0])!.text).toBe(positive.text);
    const negative = negativeFor(source, seededRandom(1))!;
    expect(negative).toMatchObject({ expected: null, excludeSource: "refund" });
  });
});
