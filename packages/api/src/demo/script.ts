import { type Action, type ConditionGroup, type FeedbackReason } from "@kefu/domain";

/**
 * What the demo workspace holds, as data: each bot with its knowledge, one rule of its own and the
 * conversations its visitors had. The seed (seed.ts) plays the conversations through the chat,
 * hand-off and feedback services, then moves each one back to the day and hour it names.
 */

/** One thing that happens in a demo conversation, in order. */
export type DemoStep =
  /** The visitor sends a message (answered, declined or "did you mean", as the bot decides). */
  | { ask: string }
  /** The visitor picks the "did you mean" entry of the last bot reply whose title contains this. */
  | { choose: string }
  /** The visitor votes on the last bot answer. */
  | { vote: "up" }
  | { vote: "down"; reason: FeedbackReason; comment?: string }
  /** The visitor presses "Talk to a person". */
  | { human: true }
  /** Time passes before the next step (response times in the analytics). */
  | { wait: number }
  /** The demo owner answers (claiming the conversation first if nobody has). */
  | { agent: string }
  | { resolve: true }
  /** The visitor ends the chat themselves. */
  | { end: true }
  | { rate: 1 | 2 | 3 | 4 | 5; comment?: string };

export interface DemoConversation {
  /** When it started: days before today at a local time of the workspace's zone, or minutes ago. */
  when: { daysAgo: number; at: `${number}:${number}` } | { minutesAgo: number };
  /** Shown to agents as the visitor's details. */
  attributes?: Record<string, string>;
  steps: DemoStep[];
}

export interface DemoBot {
  name: string;
  language: "en" | "zh";
  greeting: string;
  instructions: string;
  brandColor: `#${string}`;
  faq: { question: string; alternatives: string[]; answer: string }[];
  document: { title: string; content: string };
  /** A rule beside the default ones every bot starts with. */
  rule: { name: string; conditions: ConditionGroup; actions: Action[] };
  conversations: DemoConversation[];
}

/** The first thing the visitor says: what tells a seeded conversation apart on a second run. */
export function openingText(conversation: DemoConversation): string {
  const first = conversation.steps.find((s): s is { ask: string } => "ask" in s);
  if (!first) throw new Error("a demo conversation starts with a question");
  return first.ask;
}
