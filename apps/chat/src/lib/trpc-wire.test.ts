import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { ChatCallError, decodeJsonl, fromSuperJson } from "./trpc-wire";

async function* linesOf(values: unknown[]) {
  for (const value of values) yield JSON.stringify(superjson.serialize(value));
}

describe("tRPC's wire format, read without the tRPC client", () => {
  it("restores superjson's Dates and undefined values, also under keys with dots", () => {
    const value = { at: new Date(0), list: [new Date(1), { gone: undefined, kept: 1 }], "a.b": new Date(2) };
    expect(fromSuperJson(JSON.parse(JSON.stringify(superjson.serialize(value))) as { json: unknown })).toEqual(value);
    expect(fromSuperJson(JSON.parse(JSON.stringify(superjson.serialize(new Date(3)))) as { json: unknown })).toEqual(new Date(3));
    expect(() => fromSuperJson({ json: [[1, 2]], meta: { values: ["map"] } })).toThrow(/Unsupported/);
  });

  it("decodes a streamed result: its values in order, then the end, even when a chunk comes before its placeholder", async () => {
    const stream = (await decodeJsonl(
      linesOf([
        { 0: [[0], [null, 0, 0]] },
        [2, 1, [[{ type: "delta", text: "Hel" }]]],
        [0, 0, [[{ result: 0 }], ["result", 0, 1]]],
        [1, 0, [[{ data: 0 }], ["data", 1, 2]]],
        [2, 1, [[{ type: "delta", text: "lo" }]]],
        [2, 0, [[]]],
      ]),
    )) as AsyncIterable<{ text: string }>;
    const texts: string[] = [];
    for await (const event of stream) texts.push(event.text);
    expect(texts).toEqual(["Hel", "lo"]);
  });

  it("reads the pre-chat form a prechat_required refusal carries, and nothing from a malformed one", () => {
    const field = { key: "plan", kind: "select", label: "Your plan", required: true, options: ["Free", "Pro"] };
    const shape = (prechat: unknown) => ({ message: "Fill in the form.", code: -32003, data: { code: "FORBIDDEN", reason: "prechat_required", prechat } });
    expect(new ChatCallError(shape({ fields: [field, { key: "name", kind: "name", label: null, required: false, options: [] }] })).prechat?.fields.map((f) => f.key)).toEqual([
      "plan",
      "name",
    ]);
    for (const malformed of [undefined, null, { fields: [] }, { fields: [{ ...field, kind: "date" }] }, { fields: [{ ...field, options: [1] }] }, { fields: [{ ...field, label: 3 }] }]) {
      expect(new ChatCallError(shape(malformed)).prechat).toBeNull();
    }
  });

  it("turns an error of the call, or of the stream midway, into a typed error", async () => {
    const shape = { message: "Slow down.", code: -32029, data: { code: "TOO_MANY_REQUESTS", reason: "visitor_messages", retryAfter: 5 } };
    const refused = await decodeJsonl(linesOf([{ 0: [[0], [null, 0, 0]] }, [0, 0, [[{ error: shape }]]]])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChatCallError);
    expect([(refused as ChatCallError).code, (refused as ChatCallError).reason, (refused as ChatCallError).retryAfter]).toEqual(["TOO_MANY_REQUESTS", "visitor_messages", 5]);

    const stream = (await decodeJsonl(
      linesOf([{ 0: [[0], [null, 0, 0]] }, [0, 0, [[{ result: 0 }], ["result", 0, 1]]], [1, 0, [[{ data: 0 }], ["data", 1, 2]]], [2, 1, [["a"]]], [2, 2, { message: "Database away.", code: -32603, data: { code: "SERVICE_UNAVAILABLE" } }]]),
    )) as AsyncIterable<string>;
    const seen: string[] = [];
    const error = await (async () => {
      for await (const value of stream) seen.push(value);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["a"]);
    expect((error as ChatCallError).code).toBe("SERVICE_UNAVAILABLE");
  });

  it("fails what still waits when the answer is cut off", async () => {
    const stream = (await decodeJsonl(linesOf([{ 0: [[0], [null, 0, 0]] }, [0, 0, [[{ result: 0 }], ["result", 0, 1]]], [1, 0, [[{ data: 0 }], ["data", 1, 2]]], [2, 1, [["a"]]]]))) as AsyncIterable<string>;
    const error = await (async () => {
      for await (const value of stream) void value;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatCallError);
  });
});
