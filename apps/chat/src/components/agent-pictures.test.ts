import { describe, expect, it } from "vitest";
import { picturesByName } from "./agent-pictures";

const agent = (key: string, name: string, pictureUrl: string | null, assigned = false) => ({ key, name, pictureUrl, assigned });

describe("agents' pictures by name (older messages, the status bar)", () => {
  it("gives a name one agent has that agent's picture", () => {
    expect(picturesByName([agent("k1", "Zhang Wei", "/p/1"), agent("k2", "李娜", null)])).toEqual({ "Zhang Wei": "/p/1", 李娜: null });
  });

  it("gives a name two agents share the picture of the one who has the conversation now, else none", () => {
    expect(picturesByName([agent("k1", "Li Na", "/p/1"), agent("k2", "Li Na", "/p/2", true)])).toEqual({ "Li Na": "/p/2" });
    expect(picturesByName([agent("k1", "Li Na", "/p/1"), agent("k2", "Li Na", "/p/2")])).toEqual({ "Li Na": null });
  });
});
