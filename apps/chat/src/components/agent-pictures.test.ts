import { describe, expect, it } from "vitest";
import { picturesByName } from "./agent-pictures";

const agent = (key: string, name: string | null, pictureUrl: string | null, assigned = false) => ({ key, name, pictureUrl, assigned });

describe("agents' pictures by name (older messages, the status bar)", () => {
  it("gives a name one agent has that agent's picture", () => {
    expect(picturesByName([agent("k1", "Zhang Wei", "/p/1"), agent("k2", "李娜", null)], "Support agent")).toEqual({ "Zhang Wei": "/p/1", 李娜: null });
  });

  it("gives a name two agents share the picture of the one who has the conversation now, else none", () => {
    expect(picturesByName([agent("k1", "Li Na", "/p/1"), agent("k2", "Li Na", "/p/2", true)], "Support agent")).toEqual({ "Li Na": "/p/2" });
    expect(picturesByName([agent("k1", "Li Na", "/p/1"), agent("k2", "Li Na", "/p/2")], "Support agent")).toEqual({ "Li Na": null });
  });

  it("gives an agent with no name to show the label the widget shows for them", () => {
    expect(picturesByName([agent("k1", null, "/p/1", true), agent("k2", "Li Na", "/p/2")], "客服人员")).toEqual({ 客服人员: "/p/1", "Li Na": "/p/2" });
  });
});
