import { type Action, type ConditionGroup } from "./model";

/** A rule as created by a tenant: no id or order yet (the server assigns them). */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  continue: boolean;
  conditions: ConditionGroup;
  actions: Action[];
}

/**
 * Sensible starting rules for a new bot, named in its language. Order matters:
 * 1. out of hours, when the visitor wants a person or the bot keeps failing: offer to leave a
 *    message (continue, so the hand-off rules below still apply if an agent happens to be online;
 *    the engine drops "collect contact" when someone can take the conversation);
 * 2. the visitor asks for a human: hand off;
 * 3. three turns in a row the bot could not answer: hand off.
 */
export function defaultRulesFor(language: "en" | "zh"): RuleDraft[] {
  const zh = language === "zh";
  return [
    {
      name: zh ? "非工作时间：请访客留言" : "Outside business hours: take a message",
      enabled: true,
      continue: true,
      conditions: {
        all: [{ kind: "outside_business_hours" }, { any: [{ kind: "visitor_asks_human" }, { kind: "consecutive_unanswered", count: 3 }] }],
      },
      actions: [{ kind: "collect_contact" }, { kind: "add_tags", tags: [zh ? "非工作时间" : "after-hours"] }],
    },
    {
      name: zh ? "访客要求转人工" : "Visitor asks for a human",
      enabled: true,
      continue: false,
      conditions: { all: [{ kind: "visitor_asks_human" }] },
      actions: [{ kind: "handoff" }],
    },
    {
      name: zh ? "连续 3 次未能回答" : "3 unanswered turns in a row",
      enabled: true,
      continue: false,
      conditions: { all: [{ kind: "consecutive_unanswered", count: 3 }] },
      actions: [{ kind: "handoff" }, { kind: "add_tags", tags: [zh ? "知识缺失" : "missing-knowledge"] }],
    },
  ];
}

/**
 * A rule's name for staff reading in `language`: the starting rules are named in the bot's
 * language when installed, so one still named as installed is shown in the reader's language
 * instead; any other name (or a renamed default) is the tenant's own words, shown as written.
 */
export function ruleNameIn(name: string, language: "en" | "zh"): string {
  const [en, zh] = [defaultRulesFor("en"), defaultRulesFor("zh")];
  const i = Math.max(en.findIndex((r) => r.name === name), zh.findIndex((r) => r.name === name));
  return i < 0 ? name : (language === "zh" ? zh : en)[i]!.name;
}
