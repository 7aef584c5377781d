import { describe, expect, it } from "vitest";
import { en } from "./messages";

// The English strings are English: Chinese appears only where a language is named in itself, or
// where a character typed into a field is named (the Chinese enumeration comma, a separator).
describe("English UI strings", () => {
  it("contain no Chinese except the names of the Chinese language and of a separator", () => {
    const languageNames = new Set(["nav.language", "bots.lang.zh", "synonyms.separators"]);
    const chinese = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
    expect(Object.entries(en).filter(([key, text]) => !languageNames.has(key) && chinese.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});
