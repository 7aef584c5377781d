import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { DEFAULT_WIDGET_APPEARANCE, storedAppearance, ZUpdateBotAppearanceRequest, ZWidgetAppearance } from "./appearance";
import { checkAvatarImage } from "./avatar";
import { BOT_AVATAR_TYPES } from "./appearance";

const request = { id: "b1", brandColor: "#0f766e", greeting: "Hi", appearance: {} };

describe("widget appearance", () => {
  it("fills in the defaults: launcher bottom right, 20 px from the edges, brand colour, chat icon, no label", () => {
    expect(ZWidgetAppearance.parse({})).toEqual({
      position: "right",
      sideOffset: 20,
      bottomOffset: 20,
      launcherColor: null,
      launcherIcon: "chat",
      launcherLabel: "",
      displayName: "",
      suggestedQuestions: [],
    });
  });

  it("takes a left launcher with offsets, a label, an icon, a colour and trimmed questions", () => {
    const parsed = ZWidgetAppearance.parse({
      position: "left",
      sideOffset: 0,
      bottomOffset: 200,
      launcherColor: "#112233",
      launcherIcon: "headset",
      launcherLabel: "  需要帮助？ ",
      displayName: " 小助手 ",
      suggestedQuestions: [" How long does shipping take? ", "怎么退款？"],
    });
    expect(parsed).toMatchObject({ position: "left", launcherLabel: "需要帮助？", displayName: "小助手", suggestedQuestions: ["How long does shipping take?", "怎么退款？"] });
  });

  it("refuses offsets out of 0–200 px or not whole, unknown icons and positions, colours not #rrggbb", () => {
    for (const bad of [{ sideOffset: -1 }, { bottomOffset: 201 }, { sideOffset: 1.5 }, { launcherIcon: "rocket" }, { position: "top" }, { launcherColor: "red" }, { launcherColor: "#12345" }]) {
      expect(ZWidgetAppearance.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("keeps the label to 30 characters and the questions to 4 short, distinct, non-empty ones", () => {
    expect(ZWidgetAppearance.safeParse({ launcherLabel: "x".repeat(30) }).success).toBe(true);
    expect(ZWidgetAppearance.safeParse({ launcherLabel: "x".repeat(31) }).success).toBe(false);
    expect(ZWidgetAppearance.safeParse({ suggestedQuestions: ["a", "b", "c", "d"] }).success).toBe(true);
    expect(ZWidgetAppearance.safeParse({ suggestedQuestions: ["a", "b", "c", "d", "e"] }).success).toBe(false);
    expect(ZWidgetAppearance.safeParse({ suggestedQuestions: ["   "] }).success).toBe(false);
    expect(ZWidgetAppearance.safeParse({ suggestedQuestions: ["x".repeat(121)] }).success).toBe(false);
    expect(ZWidgetAppearance.safeParse({ suggestedQuestions: ["Refunds?", "refunds?"] }).success).toBe(false);
  });

  it("reads a stored value with defaults for what is missing, and all defaults for one that no longer parses", () => {
    expect(storedAppearance({ position: "left" })).toEqual({ ...DEFAULT_WIDGET_APPEARANCE, position: "left" });
    expect(storedAppearance(null)).toEqual(DEFAULT_WIDGET_APPEARANCE);
    expect(storedAppearance({ sideOffset: 9999 })).toEqual(DEFAULT_WIDGET_APPEARANCE);
  });

  it("the save request: brand colour and greeting checked as the bot form does; the avatar kept, removed or uploaded", () => {
    expect(ZUpdateBotAppearanceRequest.safeParse(request).success).toBe(true);
    expect(ZUpdateBotAppearanceRequest.safeParse({ ...request, avatar: null }).success).toBe(true);
    expect(ZUpdateBotAppearanceRequest.safeParse({ ...request, avatar: { dataBase64: "iVBORw0KGgo=" } }).success).toBe(true);
    expect(ZUpdateBotAppearanceRequest.safeParse({ ...request, avatar: { dataBase64: "A".repeat(87_388) } }).success).toBe(false);
    expect(ZUpdateBotAppearanceRequest.safeParse({ ...request, brandColor: "blue" }).success).toBe(false);
    expect(ZUpdateBotAppearanceRequest.safeParse({ ...request, greeting: " " }).success).toBe(false);
  });
});

describe("bot avatar images", () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const gif = new TextEncoder().encode("GIF89a....");
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof DomainError ? error.reason : "other";
    }
    return null;
  };
  it("takes PNG, JPEG and WebP by their bytes; refuses GIF for a bot (members may use one), SVG and anything over 64 KB", () => {
    expect(checkAvatarImage(png, BOT_AVATAR_TYPES)).toBe("image/png");
    expect(checkAvatarImage(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "), BOT_AVATAR_TYPES)).toBe("image/webp");
    expect(refusal(() => checkAvatarImage(gif, BOT_AVATAR_TYPES))).toBe("avatar_type");
    expect(checkAvatarImage(gif)).toBe("image/gif");
    expect(refusal(() => checkAvatarImage(new TextEncoder().encode("<svg/>"), BOT_AVATAR_TYPES))).toBe("avatar_type");
    const big = new Uint8Array(64 * 1024 + 1);
    big.set(png);
    expect(refusal(() => checkAvatarImage(big, BOT_AVATAR_TYPES))).toBe("avatar_too_large");
  });
});
