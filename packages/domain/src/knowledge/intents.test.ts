import { describe, expect, it } from "vitest";
import { intentSetFromFiles, planIntentImport, readIntentCsv, readRasaYaml, stripRasaEntities, type IntentRowError } from "./intents";

const csvSet = (text: string) => intentSetFromFiles([readIntentCsv(text)]);
/** Errors as line and English reason (their code and parameters are checked once below). */
const plain = (errors: readonly IntentRowError[]) => errors.map(({ code: _code, params: _params, ...rest }) => rest);

describe("intent CSV", () => {
  it("reads utterance,label without a header, grouping rows by label in file order", () => {
    const set = csvSet("where is my order,track_order\ntrack my parcel,track_order\ncancel it,cancel_order\n");
    expect(plain(set.errors)).toEqual([]);
    expect(set.intents.map((i) => [i.label, i.phrasings])).toEqual([
      ["track_order", ["where is my order", "track my parcel"]],
      ["cancel_order", ["cancel it"]],
    ]);
    expect(set.rows).toBe(3);
  });

  it("reads a header in any order, English or Chinese, with a BOM, CRLF and an answer column", () => {
    const set = csvSet('\uFEFF意图,问法,答案\r\n退款,我想退款,"请在订单页申请退款。"\r\n退款,怎么退钱,\r\n退款,我想退款,\r\n');
    expect(plain(set.errors)).toEqual([]);
    expect(set.intents).toEqual([{ label: "退款", line: 2, phrasings: ["我想退款", "怎么退钱"], duplicates: 1, answer: "请在订单页申请退款。" }]);
  });

  it("names every bad row by its line: empty cells, too long, a comma cut, conflicting answers", () => {
    const set = csvSet(
      [
        "utterance,label,answer",
        "hi,greet,Hello!",
        ",greet,", // 3: empty phrasing
        `${"x".repeat(501)},greet,`, // 4
        '"multi\nline",greet,', // 5-6: a quoted field spans two lines
        "bye,,", // 7: no label
        "hello there,greet,Hi!", // 8: another answer
      ].join("\n"),
    );
    expect(plain(set.errors)).toEqual([
      { line: 3, reason: "The phrasing is empty" },
      { line: 4, reason: "A phrasing must be at most 500 characters" },
      { line: 7, reason: "The label is empty" },
      { line: 8, reason: 'A different answer for "greet" than on line 2' },
    ]);
    expect(set.errors[3]).toMatchObject({ code: "answer_conflict", params: { label: "greet", line: 2 } });
    const positional = csvSet("hi,greet\nwell, hello,greet\n");
    expect(plain(positional.errors)).toEqual([{ line: 2, reason: "3 columns where 2 were expected (put a phrasing that contains a comma in double quotes)" }]);
  });

  it("refuses a label with more than 1,000 phrasings, once, and an empty file", () => {
    const rows = Array.from({ length: 1002 }, (_, i) => `phrasing ${i},big`).join("\n");
    expect(plain(csvSet(rows).errors)).toEqual([{ line: 1001, reason: '"big" has more than 1,000 phrasings' }]);
    expect(plain(csvSet("").errors)).toEqual([{ line: 0, reason: "The file is empty." }]);
    expect(plain(csvSet("utterance,label\n").errors)).toEqual([{ line: 0, reason: "The file has a header but no rows." }]);
  });
});

const NLU = `version: "3.1"
nlu:
- intent: book_flight
  examples: |
    - I want to fly to [Beijing](city)
    - book a flight to [New York]{"entity": "city", "value": "NYC"} please
    - 帮我订一张去[上海](city)的机票
- synonym: NYC
  examples: |
    - New York
- intent: greet
  examples:
    - text: hello
      metadata:
        sentiment: neutral
    - text: hi
- regex: account_number
  examples: |
    - \\d{10}
`;

describe("Rasa nlu.yml", () => {
  it("reads intents and their examples, strips entity annotations, skips synonyms and regexes", () => {
    const read = readRasaYaml(NLU, "nlu.yml");
    expect(plain(read.errors)).toEqual([]);
    expect(read.rows.map((r) => [r.line, r.label, r.utterance])).toEqual([
      [5, "book_flight", "I want to fly to Beijing"],
      [6, "book_flight", "book a flight to New York please"],
      [7, "book_flight", "帮我订一张去上海的机票"],
      [13, "greet", "hello"],
      [16, "greet", "hi"],
    ]);
  });

  it("takes answers from domain.yml responses utter_<intent>, the first variant with text", () => {
    const domain = `version: "3.1"\nresponses:\n  utter_greet:\n  - text: "Hello! How can I help?"\n  - text: "Hi!"\n  utter_goodbye:\n  - text: Bye\n`;
    const set = intentSetFromFiles([readRasaYaml(NLU, "nlu.yml"), readRasaYaml(domain, "domain.yml")]);
    expect(plain(set.errors)).toEqual([]);
    expect(set.intents.map((i) => [i.label, i.phrasings.length, i.answer])).toEqual([
      ["book_flight", 3, null],
      ["greet", 2, "Hello! How can I help?"],
    ]);
  });

  it("reports YAML errors, non-Rasa files and bad example lines with their line", () => {
    expect(plain(readRasaYaml("nlu:\n- intent: a\n  examples: |\n    - ok\n    not an example\n").errors)).toEqual([
      { line: 5, reason: 'An example must be a line starting with "- "' },
    ]);
    expect(readRasaYaml("a: [1, 2\n").errors[0]).toMatchObject({ reason: expect.stringMatching(/^Not valid YAML/) });
    expect(plain(readRasaYaml("stories: []\n").errors)).toEqual([{ line: 0, reason: 'Not Rasa training data: the file has no "nlu:" or "responses:" section.' }]);
    expect(plain(readRasaYaml("nlu:\n- intent: a\n").errors)).toEqual([{ line: 2, reason: 'The intent "a" has no examples' }]);
  });

  it("strips both annotation forms and leaves other brackets alone", () => {
    expect(stripRasaEntities("[Beijing](city) and [x]{\"entity\":\"y\"} [not a link]")).toBe("Beijing and x [not a link]");
  });
});

describe("planIntentImport", () => {
  it("adds new phrasings to the entry of the same label, never replaces an answer, makes new entries", () => {
    const { intents } = csvSet("utterance,label,answer\nwhere is my order,track,See the Orders page.\nWHERE IS MY ORDER,track,\ntrack parcel,track,\nhi,greet,\n");
    const plan = planIntentImport(intents, [
      { id: "s1", intent: "track", question: "Where is my order", alternatives: ["order status"], answer: "Open Orders." },
    ]);
    expect(plain(plan.errors)).toEqual([]);
    expect(plan.items).toEqual([
      { label: "track", existingId: "s1", added: ["track parcel"], known: 2, total: 3, answer: null, answerSource: "kept" },
      { label: "greet", existingId: null, added: ["hi"], known: 0, total: 1, answer: null, answerSource: "needed" },
    ]);
    // An entry still without an answer takes the file's.
    const filled = planIntentImport(intents, [{ id: "s1", intent: "track", question: "x", alternatives: [], answer: null }]);
    expect(filled.items[0]).toMatchObject({ answer: "See the Orders page.", answerSource: "file" });
  });

  it("refuses an entry that would pass 1,000 phrasings with those it has", () => {
    const { intents } = csvSet(Array.from({ length: 10 }, (_, i) => `new ${i},big`).join("\n"));
    const existing = { id: "s1", intent: "big", question: "q", alternatives: Array.from({ length: 995 }, (_, i) => `old ${i}`), answer: "A" };
    expect(plain(planIntentImport(intents, [existing]).errors)).toEqual([{ line: 1, reason: '"big" would have 1,006 phrasings with those it has; at most 1,000' }]);
  });
});
