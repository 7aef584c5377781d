import { describe, expect, it } from "vitest";
import { visitorAgentName } from "./visitor-agent-name";

describe("visitorAgentName", () => {
  it("is the display name a member set", () => {
    expect(visitorAgentName({ name: "Li Na", email: "lina@example.com" })).toBe("Li Na");
    expect(visitorAgentName({ name: " 王芳 ", email: "wf@example.cn" })).toBe("王芳");
  });

  it("is none when the name is empty or comes from the e-mail address", () => {
    expect(visitorAgentName({ name: "", email: "lina@example.com" })).toBeNull();
    expect(visitorAgentName({ name: "  ", email: "lina@example.com" })).toBeNull();
    expect(visitorAgentName({ name: null, email: "lina@example.com" })).toBeNull();
    // Sign-up without a name used to store the address's local part.
    expect(visitorAgentName({ name: "li.na+support", email: "li.na+support@example.com" })).toBeNull();
    expect(visitorAgentName({ name: "LiNa", email: "lina@Example.com" })).toBeNull();
    expect(visitorAgentName({ name: "Li Na <lina@example.com>", email: "lina@example.com" })).toBeNull();
  });
});
