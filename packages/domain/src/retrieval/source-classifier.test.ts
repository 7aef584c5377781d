import { describe, expect, it } from "vitest";
import { SourceClassifier, sourcePosteriors, type ClassifierExample } from "./source-classifier";

const phrasings: Record<string, string[]> = {
  arrival: ["When will my card arrive?", "My card has not arrived yet", "How long does card delivery take?", "Still waiting for my new card"],
  activate: ["How do I activate my card?", "Activate my new card", "Card activation is not working", "Where do I turn on my card?"],
  lost: ["I lost my card", "My card was stolen", "Card missing, what do I do?", "Someone took my card"],
  zhRefund: ["怎么申请退款", "我想退款", "退款多久到账", "钱什么时候退回来"],
  zhInvoice: ["怎么开发票", "我需要发票", "发票抬头填错了", "电子发票在哪里下载"],
};
const examples: ClassifierExample[] = Object.entries(phrasings).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));

function top(classifier: SourceClassifier, text: string): string | undefined {
  const z = classifier.logits(text);
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c]! > z[best]!) best = c;
  return classifier.labels[best];
}

describe("SourceClassifier", () => {
  const classifier = SourceClassifier.train(examples)!;

  it("learns which words tell entries with shared words apart, in English and Chinese", () => {
    expect([...classifier.labels].sort()).toEqual(Object.keys(phrasings).sort());
    // Every query shares "card" with all three card entries; the other words decide.
    expect(top(classifier, "my new card still hasn't arrived")).toBe("arrival");
    expect(top(classifier, "how to turn on the card")).toBe("activate");
    expect(top(classifier, "card stolen yesterday")).toBe("lost");
    expect(top(classifier, "退款什么时候到账")).toBe("zhRefund");
    expect(top(classifier, "电子发票怎么下载")).toBe("zhInvoice");
  });

  it("reports the memory it holds", () => {
    // At least the weight matrix: one float per feature and label.
    expect(classifier.byteSize).toBeGreaterThan(4 * classifier.labels.length * 20);
    expect(classifier.byteSize).toBeLessThan(1_000_000);
  });

  it("is deterministic, whatever the order of the examples", () => {
    const again = SourceClassifier.train(examples)!;
    expect([...again.logits("card delivery")]).toEqual([...classifier.logits("card delivery")]);
    const reordered = SourceClassifier.train([...examples].reverse())!;
    const p = (c: SourceClassifier) => sourcePosteriors([{ classifier: c, has: () => true }], "card delivery");
    expect(p(reordered)).toEqual(p(classifier));
  });

  it("trains in slices that give the same model", () => {
    const steps = SourceClassifier.training(examples, { sliceWork: 500 });
    let slices = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) slices++;
    expect(slices).toBeGreaterThan(10);
    expect([...next.value!.logits("lost card")]).toEqual([...classifier.logits("lost card")]);
  });

  it("trains nothing for a single source or past its work and size budgets", () => {
    expect(SourceClassifier.train(examples.filter((e) => e.label === "lost"))).toBeUndefined();
    expect(SourceClassifier.train([])).toBeUndefined();
    expect(SourceClassifier.train(examples, { maxWork: 1_000 })).toBeUndefined();
    expect(SourceClassifier.train(examples, { maxWeights: 10 })).toBeUndefined();
    // Long passages (documents) are left to the other channels.
    const passages = examples.map((e) => ({ ...e, text: `${e.text} ${"and some more words of a long passage ".repeat(6)}` }));
    expect(SourceClassifier.train(passages)).toBeUndefined();
    expect(SourceClassifier.train(passages, { maxMeanChars: 1_000 })).toBeDefined();
  });

  it("makes no confident guess for text with no known feature", () => {
    const p = sourcePosteriors([{ classifier, has: () => true }], "zzzz qqqq");
    expect(p.size).toBe(5);
    expect(Math.max(...p.values())).toBeLessThan(0.5);
  });
});

/** An intent set: `labels` intents of `perLabel` phrasings, each two of its 8 words among 4 shared ones. */
function intentSet(labels: number, perLabel: number) {
  let x = 7;
  const random = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
  const word = () => Array.from({ length: 5 }, () => "abcdefghiklmnoprstuvy"[Math.floor(random() * 21)]).join("");
  const shared = Array.from({ length: 500 }, word);
  const train: ClassifierExample[] = [];
  const heldOut: ClassifierExample[] = [];
  for (let l = 0; l < labels; l++) {
    const own = Array.from({ length: 8 }, word);
    const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
    const phrasing = () => [pick(own), pick(shared), pick(own), pick(shared), pick(shared)].join(" ");
    for (let i = 0; i < perLabel; i++) train.push({ text: phrasing(), label: `intent${l}` });
    for (let i = 0; i < 3; i++) heldOut.push({ text: phrasing(), label: `intent${l}` });
  }
  return { train, heldOut };
}

describe("SourceClassifier budget for intent sets (hundreds of phrasings a label)", () => {
  const { train, heldOut } = intentSet(40, 300);
  const options = { maxWork: 3e7, sliceWork: 1e6 };

  it("trains on fewer passes and an even sample of each label, within the work budget", () => {
    const steps = SourceClassifier.training(train, options);
    let slices = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) slices++;
    const model = next.value!;
    expect(model.labels).toHaveLength(40);
    // Training yields once per `sliceWork` of multiply-adds: the budget bounds them (plus one
    // yield per 200 featurised examples, of at most all 12,000).
    expect(slices).toBeLessThanOrEqual(options.maxWork / options.sliceWork + train.length / 200);
    const right = heldOut.filter((e) => top(model, e.text) === e.label).length;
    expect(right / heldOut.length).toBeGreaterThan(0.9);
    // The sample does not depend on the order the phrasings come in.
    const reordered = SourceClassifier.train([...train].reverse(), options)!;
    expect([...reordered.logits(heldOut[0]!.text)]).toEqual([...model.logits(heldOut[0]!.text)]);
  });

  it("drops the rarest features to fit the weight budget instead of training nothing", () => {
    const model = SourceClassifier.train(train, { ...options, maxWeights: 40 * 1_500 })!;
    expect(model.byteSize).toBeLessThan(40 * 1_500 * 4 + 1_500 * 60 + 1_000);
    const right = heldOut.filter((e) => top(model, e.text) === e.label).length;
    expect(right / heldOut.length).toBeGreaterThan(0.8);
  });

  it("still trains nothing for many labels of few examples each (documents) past the budget", () => {
    const passages = Array.from({ length: 3_000 }, (_, i) => ({ text: `passage ${i} about topic ${i % 97}`, label: `doc${i}` }));
    expect(SourceClassifier.train(passages, options)).toBeUndefined();
  });
});

describe("sourcePosteriors", () => {
  const cards = SourceClassifier.train(examples.filter((e) => !e.label.startsWith("zh")))!;
  const chinese = SourceClassifier.train(examples.filter((e) => e.label.startsWith("zh")))!;

  it("is one distribution over the live sources of several classifiers", () => {
    const p = sourcePosteriors(
      [
        { classifier: cards, has: (label) => label !== "lost" },
        { classifier: chinese, has: () => true },
      ],
      "我想退款",
    );
    expect([...p.keys()].sort()).toEqual(["activate", "arrival", "zhInvoice", "zhRefund"]);
    expect([...p.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p.get("zhRefund")).toBeGreaterThan(0.5);
  });

  it("is empty without classifiers", () => {
    expect(sourcePosteriors([], "anything").size).toBe(0);
  });
});
