import { z } from "zod";
import { AVATAR_MAX_BYTES } from "./team";
import { ZBotInput, ZId } from "./bot";
import { ZText } from "./text";

/**
 * How a bot's widget looks (Bot.appearance, one JSON column beside brandColor and greeting): the
 * launcher's place, colour, icon and label, the name in the widget's header, and the questions
 * offered before the first message. The admin mutation validates with it and the widget reads
 * the stored value through `storedAppearance`, so both sides agree on one shape and its defaults.
 */
export const LAUNCHER_ICONS = ["chat", "headset", "question", "sparkle"] as const;
export type LauncherIcon = (typeof LAUNCHER_ICONS)[number];
export const LAUNCHER_POSITIONS = ["right", "left"] as const;
/** Offsets from the page's edges, in CSS pixels: up to 200 keeps the launcher on a phone's screen. */
export const LAUNCHER_OFFSET_MAX = 200;
export const LAUNCHER_LABEL_MAX = 30;
export const SUGGESTED_QUESTIONS_MAX = 4;
export const SUGGESTED_QUESTION_MAX_CHARS = 120;

const ZHexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "A colour must look like #2563eb.");
const ZOffset = z
  .number()
  .int("Whole pixels only.")
  .min(0, "At least 0 px.")
  .max(LAUNCHER_OFFSET_MAX, `At most ${LAUNCHER_OFFSET_MAX} px.`);

export const ZWidgetAppearance = z.object({
  position: z.enum(LAUNCHER_POSITIONS).default("right"),
  /** From the left or right edge (whichever `position` says). */
  sideOffset: ZOffset.default(20),
  bottomOffset: ZOffset.default(20),
  /** The launcher's colour; null = the brand colour. */
  launcherColor: ZHexColor.nullable().default(null),
  launcherIcon: z.enum(LAUNCHER_ICONS).default("chat"),
  /** Text beside the icon ("Chat with us"); empty = a round icon-only launcher. */
  launcherLabel: ZText.trim().max(LAUNCHER_LABEL_MAX, `At most ${LAUNCHER_LABEL_MAX} characters.`).default(""),
  /** The name in the widget's header; empty = the bot's name. */
  displayName: ZText.trim().max(80, "At most 80 characters.").default(""),
  /** Offered as one-click questions before the visitor's first message. */
  suggestedQuestions: z
    .array(ZText.trim().min(1, "A question cannot be empty.").max(SUGGESTED_QUESTION_MAX_CHARS, `At most ${SUGGESTED_QUESTION_MAX_CHARS} characters.`))
    .max(SUGGESTED_QUESTIONS_MAX, `At most ${SUGGESTED_QUESTIONS_MAX} questions.`)
    .refine((questions) => new Set(questions.map((q) => q.toLowerCase())).size === questions.length, "Each question only once.")
    .default([]),
});
export type WidgetAppearance = z.infer<typeof ZWidgetAppearance>;

export const DEFAULT_WIDGET_APPEARANCE: WidgetAppearance = ZWidgetAppearance.parse({});

/**
 * The stored appearance as the widget and the dashboard read it: defaults for what is missing,
 * and all defaults for a value that no longer parses (never an error in front of a visitor).
 */
export function storedAppearance(value: unknown): WidgetAppearance {
  const parsed = ZWidgetAppearance.safeParse(value ?? {});
  return parsed.success ? parsed.data : DEFAULT_WIDGET_APPEARANCE;
}

/** The bot avatar's accepted types: no GIF (an animation in the header would keep moving beside every answer). */
export const BOT_AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

/**
 * The Widget tab's save: brand colour and greeting (Bot columns the bot form edits too), the
 * appearance, and the avatar: a new upload (base64, checked by content on the server), null to
 * remove it, or absent to keep it.
 */
export const ZUpdateBotAppearanceRequest = z.object({
  id: ZId,
  brandColor: ZBotInput.shape.brandColor,
  greeting: ZBotInput.shape.greeting,
  appearance: ZWidgetAppearance,
  avatar: z
    .object({ dataBase64: z.string().min(1).max(Math.ceil(AVATAR_MAX_BYTES / 3) * 4, "The image must be at most 64 KB.") })
    .nullable()
    .optional(),
});
export type UpdateBotAppearanceRequest = z.infer<typeof ZUpdateBotAppearanceRequest>;
