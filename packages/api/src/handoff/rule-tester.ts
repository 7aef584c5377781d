import { type Db } from "@kefu/db";
import {
  evaluateRules,
  fixedClock,
  isWithinBusinessHours,
  nextOpening,
  notFound,
  storedPrechatAnswers,
  withPrechatAnswers,
  type TestRulesRequest,
  type VisitorAttributes,
} from "@kefu/domain";
import { getBot } from "../bots/index.ts";
import { engineRulesForBot } from "./rules.ts";
import { escalationStateFor, hypotheticalEscalationState, type CurrentAnswer } from "./escalation-state.ts";
import { playground } from "../knowledge/index.ts";

/**
 * The rule tester: which of a bot's rules would fire on a message, and why each other did not.
 * Nothing is stored. Without a given confidence the bot's real retrieval runs on the message
 * (the playground), so the tester shows what would really happen.
 */
export async function testRules(db: Db, tenantId: string, input: TestRulesRequest) {
  const bot = await getBot(db, tenantId, input.botId);
  const now = input.at ? new Date(input.at) : new Date();

  let answer: CurrentAnswer;
  let retrieval: { text: string; decision: string; confidence: number; threshold: number; topSource: string | null } | null = null;
  if (input.confidence !== undefined) {
    answer = { answered: input.confidence >= bot.answerThreshold, confidence: input.confidence, topSourceId: null };
  } else {
    const tried = await playground(db, tenantId, bot.id, input.message);
    const top = tried.passages[0] ?? null;
    answer = { answered: tried.decision === "answer", confidence: tried.confidence, topSourceId: top?.sourceId ?? null };
    retrieval = { text: tried.text, decision: tried.decision, confidence: tried.confidence, threshold: tried.threshold, topSource: top?.title ?? null };
  }

  let attributes: VisitorAttributes = {};
  let storedVerified = false;
  let fromForm: string[] = [];
  let state;
  if (input.conversationId) {
    const conversation = await db.conversation.findFirst({
      where: { id: input.conversationId, tenantId, botId: bot.id },
      select: { visitor: { select: { attributes: true, attributesVerified: true, prechatAnswers: true } } },
    });
    if (!conversation) throw notFound("conversation");
    const stored = conversation.visitor.attributes;
    if (stored && typeof stored === "object" && !Array.isArray(stored)) attributes = stored as VisitorAttributes;
    // The pre-chat form's answers count as the visitor's attributes, typed by them (never verified).
    ({ attributes, fromForm } = withPrechatAnswers(attributes, storedPrechatAnswers(conversation.visitor.prechatAnswers)));
    storedVerified = conversation.visitor.attributesVerified;
    state = await escalationStateFor(db, tenantId, input.conversationId, {
      latestVisitorText: input.message,
      now,
      pending: true,
      currentAnswer: answer,
    });
    if (input.unansweredStreak !== undefined) state.consecutiveUnanswered = input.unansweredStreak + (answer.answered ? 0 : 1);
  } else {
    state = await hypotheticalEscalationState(db, tenantId, { text: input.message, now, answer, unansweredStreak: input.unansweredStreak });
  }
  // Attributes typed in the tester override the visitor's stored ones.
  attributes = { ...attributes, ...input.attributes };
  // Whether they count as signed by the website: as the tester says, else as the visitor's were.
  state.attributesVerified = input.attributesVerified ?? storedVerified;
  state.unverifiedAttributeKeys = fromForm.filter((key) => !(input.attributes && key in input.attributes));

  const rules = await engineRulesForBot(db, tenantId, bot.id);
  const decision = evaluateRules(rules, state, attributes, fixedClock(now));
  const hours = state.businessHours;
  return {
    decision,
    retrieval,
    /** What the engine was told, so the tester can show the assumptions. */
    state: {
      at: now,
      status: state.status,
      confidence: state.lastAnswer?.confidence ?? null,
      answered: state.lastAnswer?.answered ?? null,
      consecutiveUnanswered: state.consecutiveUnanswered,
      messageCount: state.messageCount,
      agentsOnline: state.agentsOnline,
      topic: state.topic,
      timeZone: hours?.timeZone ?? null,
      openNow: hours ? isWithinBusinessHours(hours, now) : true,
      nextOpening: hours ? nextOpening(hours, now) : null,
      attributes,
      /** Attributes typed in the tester (they override the visitor's stored ones). */
      typedAttributes: Object.keys(input.attributes ?? {}),
      attributesVerified: state.attributesVerified,
      /** The real conversation evaluated in, or null for a hypothetical first message. */
      conversation: input.conversationId ? { id: input.conversationId, startedAt: state.startedAt } : null,
      /** While set, the same rule or reason is held back after a hand-back. */
      cooldown: state.cooldown ?? null,
    },
  };
}
