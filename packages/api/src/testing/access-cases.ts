import { type Permission } from "@kefu/domain";
import { type TRPCError } from "@trpc/server";
import { buildXlsx } from "./xlsx.ts";
import { makeTextPdf } from "./pdf.ts";
import { type AdminCaller, type TenantFixture } from "./access-fixture.ts";

/**
 * Who may call each procedure, and how it treats another tenant's ids: the access matrix the
 * table test holds every router to. A procedure missing here fails that test, so a new one is
 * covered the day it is added.
 */
export type Access =
  /** Anyone, signed in or not (signing up, an invite link, the widget's first calls). */
  | { kind: "public" }
  /** A visitor holding a token of the bot named in the input. */
  | { kind: "visitor" }
  /** Any member of a workspace, whatever the role. */
  | { kind: "member" }
  /** A member whose role has this permission (packages/domain: roleCan). */
  | { kind: "permission"; permission: Permission };

/**
 * What another tenant's owner (every permission) gets when the input names this tenant's things:
 * - refused: NOT_FOUND or FORBIDDEN, nothing changed;
 * - filtered: an answer holding nothing of this tenant (a filter on a foreign id matches nothing);
 * - own: the input names nothing of a tenant (e.g. create), so it acts on the caller's own
 *   tenant; a query's answer is checked for leaks, a mutation is not sent across;
 * - open: public by design (the widget's first calls, invite links), nothing to cross.
 * Visitor procedures are crossed with the other tenant's visitor token instead: UNAUTHORIZED.
 */
export type Cross = "refused" | "filtered" | "own" | "open";

const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

export interface AccessCase {
  access: Access;
  cross: Cross;
  /** A valid input naming the fixture's things. */
  input: (f: TenantFixture) => unknown;
  /**
   * Set when a call allowed through every check cannot succeed here (it needs the internet): the
   * error it then gets, proving it ran past the access checks.
   */
  allowedError?: TRPCError["code"];
  /** What must hold before an allowed call can succeed (e.g. a conversation claimed before a reply). */
  before?: (f: TenantFixture, caller: object) => Promise<unknown>;
}

const can = (permission: Permission): Access => ({ kind: "permission", permission });
const none = () => undefined;
const visitorInput = (f: TenantFixture) => ({ botId: f.bot.publicId, visitorToken: f.visitorToken });
const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");
const botInput = (f: TenantFixture) => ({ name: `${f.marker} bot 2`, greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#112233" });
const utcDate = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const analyticsInput = (f: TenantFixture) => ({ botId: f.bot.id, from: utcDate(30), to: utcDate(0) });
const ruleInput = (f: TenantFixture) => ({
  name: `${f.marker} vip`,
  conditions: { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }] },
  actions: [{ kind: "handoff" }],
});

export const ACCESS_CASES: Record<string, AccessCase> = {
  "account.signUp": {
    access: { kind: "public" },
    cross: "open",
    input: (f) => ({ companyName: `${f.marker} new`, email: `${f.marker}-new@example.com`, password: "correct horse battery" }),
  },
  "account.me": { access: { kind: "member" }, cross: "own", input: none },
  "account.workspaces": { access: { kind: "member" }, cross: "own", input: none },
  // Only the workspace the session is in; another's id is refused (FORBIDDEN), nothing changes.
  "account.leave": { access: { kind: "member" }, cross: "refused", input: (f) => ({ tenantId: f.tenantId }) },
  "account.profile": { access: { kind: "member" }, cross: "own", input: none },
  "account.updateProfile": { access: { kind: "member" }, cross: "own", input: (f) => ({ name: `${f.marker} Mei`, removeAvatar: false }) },
  "account.uploadAvatar": {
    access: { kind: "member" },
    cross: "own",
    input: () => ({ dataBase64: base64(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])) }),
  },
  "account.requestPasswordReset": { access: { kind: "public" }, cross: "open", input: (f) => ({ email: `${f.marker}-owner@example.com` }) },
  // Reset and confirmation links are single-use secrets sent by e-mail; a link of the right shape
  // that was never issued reaches the handler and is refused there (BAD_REQUEST link_invalid).
  "account.resetPassword": { access: { kind: "public" }, cross: "open", input: () => ({ token: "A".repeat(43), password: "a new long password" }), allowedError: "BAD_REQUEST" },
  "account.confirmSignUp": { access: { kind: "public" }, cross: "open", input: () => ({ token: "A".repeat(43) }), allowedError: "BAD_REQUEST" },

  "bot.list": { access: can("bot.read"), cross: "own", input: none },
  "bot.get": { access: can("bot.read"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "bot.create": { access: can("bot.create"), cross: "own", input: botInput },
  "bot.update": { access: can("bot.update"), cross: "refused", input: (f) => ({ id: f.bot.id, ...botInput(f) }) },
  "bot.updateModel": {
    access: can("bot.update"),
    cross: "refused",
    input: (f) => ({ id: f.bot.id, chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.4 }),
  },
  "bot.embeddingStatus": { access: can("bot.read"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "bot.updateHandoff": { access: can("bot.update"), cross: "refused", input: (f) => ({ id: f.bot.id, allowHandoff: true, agentIdleMinutes: 10 }) },
  "bot.updateAllowedOrigins": { access: can("bot.update"), cross: "refused", input: (f) => ({ id: f.bot.id, allowedOrigins: ["https://shop.example.com"] }) },
  // The visitor identity secret signs who visitors are: owners and admins only.
  "bot.identity": { access: can("identity.manage"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "bot.rotateIdentitySecret": { access: can("identity.manage"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "bot.updateIdentity": { access: can("identity.manage"), cross: "refused", input: (f) => ({ id: f.bot.id, requireVerifiedIdentity: false }) },
  "bot.privacy": { access: can("bot.read"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "bot.updatePrivacy": {
    access: can("bot.update"),
    cross: "refused",
    input: (f) => ({ id: f.bot.id, redactPii: true, maskStoredPii: true, piiPatterns: [{ name: "ORDER", pattern: "ORD-[0-9]{6}" }] }),
  },
  "bot.setQuestionRewrite": { access: can("bot.update"), cross: "refused", input: (f) => ({ id: f.bot.id, enabled: true }) },
  "bot.appearance": { access: can("bot.read"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "bot.updateAppearance": {
    access: can("bot.update"),
    cross: "refused",
    input: (f) => ({
      id: f.bot.id,
      brandColor: "#0f766e",
      greeting: "Hi",
      appearance: { position: "left", launcherLabel: "Help", suggestedQuestions: [`${f.marker} refund policy?`] },
      avatar: { dataBase64: base64(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])) },
    }),
  },
  "bot.delete": { access: can("bot.delete"), cross: "refused", input: (f) => ({ id: f.bot.id }) },

  "knowledge.importFaqXlsx": {
    access: can("knowledge.update"),
    cross: "refused",
    input: (f) => ({ botId: f.bot.id, filename: "faq.xlsx", dataBase64: base64(buildXlsx([["question", "answer"], ["Opening hours?", "9 to 5."]])) }),
  },
  "knowledge.previewIntents": {
    access: can("knowledge.update"),
    cross: "refused",
    input: (f) => ({ botId: f.bot.id, files: [{ filename: "intents.csv", dataBase64: base64("what are your hours,hours\nwhen do you open,hours") }] }),
  },
  "knowledge.importIntents": {
    access: can("knowledge.update"),
    cross: "refused",
    input: (f) => ({ botId: f.bot.id, files: [{ filename: "intents.csv", dataBase64: base64("what are your hours,hours\nwhen do you open,hours") }] }),
  },
  "knowledge.uploadFile": {
    access: can("knowledge.update"),
    cross: "refused",
    input: (f) => ({ botId: f.bot.id, filename: "returns.md", dataBase64: base64("# Returns\n\nWithin 30 days.") }),
  },
  // Re-fetching the page needs the internet (BAD_REQUEST offline: the name does not resolve).
  "knowledge.resyncUrl": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.urlSourceId }), allowedError: "BAD_REQUEST" },
  "knowledge.setSyncSchedule": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.urlSourceId, intervalHours: 24 }) },
  "knowledge.search": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ botId: f.bot.id, query: "refund" }) },
  "knowledge.list": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "knowledge.playground": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ botId: f.bot.id, question: `${f.marker} refund policy?` }) },
  "knowledge.addFaq": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, question: "Opening hours?", alternatives: [], answer: "9 to 5." }) },
  "knowledge.addDocument": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, title: "Hours", content: "We open at nine." }) },
  "knowledge.updateFaq": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.faqId, question: "Refunds?", alternatives: [], answer: "Within 30 days." }) },
  "knowledge.getDocument": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ id: f.documentId }) },
  "knowledge.updateDocument": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.documentId, title: "Shipping", content: "Parcels arrive in three days." }) },
  "knowledge.importFaqCsv": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, csv: "question,answer\nOpening hours?,9 to 5." }) },
  "knowledge.addPdf": {
    access: can("knowledge.update"),
    cross: "refused",
    input: (f) => ({ botId: f.bot.id, filename: "hours.pdf", dataBase64: base64(makeTextPdf(["Opening hours: 9 to 5."])) }),
  },
  // Fetching a page needs the internet; offline the address does not resolve (BAD_REQUEST).
  "knowledge.importUrl": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, url: "https://docs.example.com/faq" }), allowedError: "BAD_REQUEST" },
  "knowledge.delete": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.faqId }) },
  "knowledge.retry": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.urlSourceId }) },

  "regression.listSets": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ botId: f.bot.id }) },
  "regression.createSet": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, name: "More tests" }) },
  "regression.updateSet": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ setId: f.testSetId, autoRun: true }) },
  "regression.deleteSet": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ setId: f.testSetId }) },
  "regression.listCases": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ setId: f.testSetId }) },
  "regression.addCase": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ setId: f.testSetId, question: "Shipping time?", expectedSourceIds: [f.documentId] }) },
  "regression.addCaseFromMessage": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ setId: f.testSetId, messageId: f.visitorMessageId }) },
  "regression.updateCase": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ caseId: f.testCaseId, question: "Refunds?", expectedSourceIds: [] }) },
  "regression.deleteCase": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ caseId: f.testCaseId }) },
  "regression.run": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ setId: f.testSetId }) },
  // Another tenant's bot id is NOT_FOUND; the period is the last 30 days (UTC dates).
  "analytics.dashboard": { access: can("analytics.read"), cross: "refused", input: analyticsInput },
  "analytics.knowledge": { access: can("analytics.read"), cross: "refused", input: analyticsInput },
  "analytics.questions": { access: can("analytics.read"), cross: "refused", input: analyticsInput },
  "analytics.csv": { access: can("analytics.read"), cross: "refused", input: (f) => ({ ...analyticsInput(f), chart: "volume" }) },
  "regression.currentRun": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ setId: f.testSetId }) },
  "regression.getRun": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ runId: f.testRunId }) },
  "regression.history": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ setId: f.testSetId }) },
  "regression.newFailures": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ botId: f.bot.id }) },

  "summary.weekly": { access: can("analytics.read"), cross: "own", input: none },
  // Each member's own checklist over their own workspace's rows.
  "onboarding.status": { access: { kind: "member" }, cross: "own", input: none },
  "onboarding.dismiss": { access: { kind: "member" }, cross: "own", input: none },
  "onboarding.snippetCopied": { access: { kind: "member" }, cross: "own", input: none },
  // The demo's bots, knowledge and sample conversations, made in and removed from the caller's own workspace.
  "demo.status": { access: { kind: "member" }, cross: "own", input: none },
  "demo.seed": { access: can("bot.create"), cross: "own", input: none },
  "demo.remove": { access: can("bot.delete"), cross: "own", input: none },
  "prechatForm.get": { access: can("bot.read"), cross: "refused", input: (f) => ({ id: f.bot.id }) },
  "prechatForm.update": {
    access: can("bot.update"),
    cross: "refused",
    input: (f) => ({ id: f.bot.id, form: { enabled: false, name: "optional", email: "required", phone: "off", customFields: [] } }),
  },

  "knowledgeBase.list": { access: can("knowledge.read"), cross: "own", input: none },
  "knowledgeBase.create": { access: can("knowledge.update"), cross: "own", input: (f) => ({ name: `${f.marker} another` }) },
  "knowledgeBase.rename": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.freeKnowledgeBaseId, name: "Renamed" }) },
  "knowledgeBase.delete": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.freeKnowledgeBaseId }) },
  "knowledgeBase.link": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, knowledgeBaseId: f.freeKnowledgeBaseId }) },
  "knowledgeBase.unlink": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, knowledgeBaseId: f.linkedKnowledgeBaseId }) },
  "knowledgeBase.calibrationForBot": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ id: f.bot.id }) },

  "synonym.list": { access: can("knowledge.read"), cross: "own", input: none },
  "synonym.create": { access: can("knowledge.update"), cross: "own", input: (f) => ({ terms: [`${f.marker} jumper`, `${f.marker} pullover`] }) },
  "synonym.update": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.synonymSetId, terms: [`${f.marker} hoodie`, `${f.marker} hooded top`] }) },
  "synonym.delete": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.synonymSetId }) },
  "phrasing.overview": { access: can("knowledge.read"), cross: "refused", input: (f) => ({ id: f.linkedKnowledgeBaseId }) },
  "phrasing.setModel": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.linkedKnowledgeBaseId, providerId: f.providerId, model: "gpt-test" }) },
  // The fixture's knowledge base has no phrasing model: queueing is refused after the access checks.
  "phrasing.generate": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.freeKnowledgeBaseId }), allowedError: "BAD_REQUEST" },
  "phrasing.regenerate": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.faqId }), allowedError: "BAD_REQUEST" },
  // The fixture's entry has no generated phrasing to review: NOT_FOUND for the phrasing, after the access checks.
  "phrasing.accept": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.faqId, phrasing: "refund?" }), allowedError: "NOT_FOUND" },
  "phrasing.remove": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ id: f.faqId, phrasing: "refund?" }), allowedError: "NOT_FOUND" },

  "conversation.list": { access: can("conversation.read"), cross: "filtered", input: (f) => ({ botId: f.bot.id, limit: 10 }) },
  "conversation.get": { access: can("conversation.read"), cross: "refused", input: (f) => ({ id: f.conversationId }) },

  "inbox.counts": { access: can("inbox.read"), cross: "filtered", input: (f) => ({ botId: f.bot.id }) },
  "inbox.list": { access: can("inbox.read"), cross: "filtered", input: (f) => ({ view: "all", botId: f.bot.id }) },
  "inbox.get": { access: can("inbox.read"), cross: "refused", input: (f) => ({ id: f.conversationId }) },
  "inbox.claim": { access: can("inbox.reply"), cross: "refused", input: (f) => ({ id: f.conversationId }) },
  "inbox.reply": {
    access: can("inbox.reply"),
    cross: "refused",
    input: (f) => ({ id: f.conversationId, text: "Hello, I can help.", clientMessageId: "access-reply-1" }),
    before: (f, caller) => (caller as AdminCaller).inbox.claim({ id: f.conversationId }),
  },
  "inbox.note": { access: can("inbox.reply"), cross: "refused", input: (f) => ({ id: f.conversationId, text: "VIP customer.", clientMessageId: "access-note-1" }) },
  "inbox.transfer": { access: can("inbox.reply"), cross: "refused", input: (f) => ({ id: f.conversationId, teamId: f.teamId }) },
  "inbox.resolve": { access: can("inbox.reply"), cross: "refused", input: (f) => ({ id: f.conversationId }) },
  "inbox.handBack": { access: can("inbox.reply"), cross: "refused", input: (f) => ({ id: f.conversationId }) },
  "inbox.typing": { access: can("inbox.reply"), cross: "refused", input: (f) => ({ id: f.conversationId }) },
  // An agent's image reply (a 1x1 PNG): the owner of the assigned conversation, as inbox.reply.
  "attachment.reply": {
    access: can("inbox.reply"),
    cross: "refused",
    input: (f) => ({ id: f.conversationId, dataBase64: ONE_PIXEL_PNG, clientMessageId: "access-image-1" }),
    before: (f, caller) => (caller as AdminCaller).inbox.claim({ id: f.conversationId }),
  },
  "inbox.events": { access: can("inbox.read"), cross: "refused", input: (f) => ({ conversationId: f.conversationId }) },
  "inbox.cannedReplies.list": { access: can("inbox.read"), cross: "own", input: none },
  "inbox.cannedReplies.create": { access: can("team.manage"), cross: "own", input: (f) => ({ title: `${f.marker} bye`, content: "Goodbye!" }) },
  "inbox.cannedReplies.delete": { access: can("team.manage"), cross: "refused", input: (f) => ({ id: f.cannedReplyId }) },

  "provider.list": { access: can("provider.manage"), cross: "own", input: none },
  "provider.create": { access: can("provider.manage"), cross: "own", input: (f) => ({ name: `${f.marker} local`, kind: "OLLAMA", baseUrl: "https://ollama.example.com" }) },
  "provider.update": {
    access: can("provider.manage"),
    cross: "refused",
    input: (f) => ({ id: f.providerId, name: "Renamed", kind: "OPENAI_COMPATIBLE", baseUrl: "https://api.example.com/v2/" }),
  },
  "provider.delete": { access: can("provider.manage"), cross: "refused", input: (f) => ({ id: f.providerId }) },
  // Testing a provider calls it: offline, BAD_REQUEST (could not connect).
  "provider.test": { access: can("provider.manage"), cross: "refused", input: (f) => ({ id: f.providerId }), allowedError: "BAD_REQUEST" },

  "team.list": { access: can("inbox.read"), cross: "own", input: none },
  "team.create": { access: can("team.manage"), cross: "own", input: (f) => ({ name: `${f.marker} billing` }) },
  "team.rename": { access: can("team.manage"), cross: "refused", input: (f) => ({ id: f.teamId, name: "Renamed" }) },
  "team.delete": { access: can("team.manage"), cross: "refused", input: (f) => ({ id: f.teamId }) },
  "team.addMember": { access: can("team.manage"), cross: "refused", input: (f) => ({ teamId: f.teamId, membershipId: f.adminMembershipId }) },
  "team.removeMember": { access: can("team.manage"), cross: "refused", input: (f) => ({ teamId: f.teamId, membershipId: f.agentMembershipId }) },

  "member.list": { access: can("inbox.read"), cross: "own", input: none },
  "member.invite": { access: can("member.manage"), cross: "own", input: () => ({ role: "AGENT" }) },
  // Any signed-in person with an invite link joins with their account; the link is the secret.
  "member.joinWithInvite": { access: { kind: "member" }, cross: "open", input: (f) => ({ token: f.joinInviteToken }) },
  "member.describeInvite": { access: { kind: "public" }, cross: "open", input: (f) => ({ token: f.inviteToken }) },
  "member.acceptInvite": {
    access: { kind: "public" },
    cross: "open",
    input: (f) => ({ token: f.inviteToken, name: "Joiner", email: `${f.marker}-joiner@example.com`, password: "long enough pw" }),
  },
  "member.update": { access: can("member.manage"), cross: "refused", input: (f) => ({ membershipId: f.agentMembershipId, maxConcurrent: 3 }) },
  // Changing or removing a member: owners and admins (only owners touch owners; domain rule
  // memberChangeRefusal, tested with the members' procedures).
  "member.setRole": { access: can("member.manage"), cross: "refused", input: (f) => ({ membershipId: f.agentMembershipId, role: "ADMIN" }) },
  "member.remove": { access: can("member.manage"), cross: "refused", input: (f) => ({ membershipId: f.agentMembershipId }) },
  // Viewers reply to no one, so they stay offline: routing never hands them a visitor.
  "member.setPresence": { access: can("inbox.reply"), cross: "own", input: () => ({ presence: "AWAY" }) },

  "rule.list": { access: can("bot.read"), cross: "refused", input: (f) => ({ botId: f.bot.id }) },
  "rule.create": { access: can("bot.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, ...ruleInput(f) }) },
  "rule.update": { access: can("bot.update"), cross: "refused", input: (f) => ({ id: f.ruleIds[0], ...ruleInput(f) }) },
  "rule.setEnabled": { access: can("bot.update"), cross: "refused", input: (f) => ({ id: f.ruleIds[0], enabled: false }) },
  "rule.delete": { access: can("bot.update"), cross: "refused", input: (f) => ({ id: f.ruleIds[0] }) },
  "rule.reorder": { access: can("bot.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, ids: [...f.ruleIds].reverse() }) },
  "rule.installDefaults": { access: can("bot.update"), cross: "refused", input: (f) => ({ botId: f.bot.id }) },
  "rule.test": { access: can("bot.read"), cross: "refused", input: (f) => ({ botId: f.bot.id, message: "I want a refund", attributes: { plan: "vip" } }) },
  "rule.recentConversations": { access: can("bot.read"), cross: "refused", input: (f) => ({ botId: f.bot.id }) },

  "tenantSettings.get": { access: can("tenant.read"), cross: "own", input: none },
  "tenantSettings.updateHours": {
    access: can("hours.manage"),
    cross: "own",
    input: () => ({ enabled: true, timeZone: "Asia/Shanghai", weekly: { mon: ["09:00-18:00"] }, holidays: [] }),
  },

  "webhook.list": { access: can("webhooks.manage"), cross: "own", input: none },
  "webhook.create": { access: can("webhooks.manage"), cross: "own", input: () => ({ url: "https://hooks.example.com/other", events: ["contact.left"] }) },
  "webhook.update": { access: can("webhooks.manage"), cross: "refused", input: (f) => ({ id: f.webhookId, enabled: false }) },
  "webhook.delete": { access: can("webhooks.manage"), cross: "refused", input: (f) => ({ id: f.webhookId }) },
  "webhook.rotateSecret": { access: can("webhooks.manage"), cross: "refused", input: (f) => ({ id: f.webhookId }) },
  "webhook.sendTest": { access: can("webhooks.manage"), cross: "refused", input: (f) => ({ id: f.webhookId }) },
  "webhook.listDeliveries": { access: can("webhooks.manage"), cross: "refused", input: (f) => ({ endpointId: f.webhookId }) },
  // A delivery that has not failed yet cannot be sent again: CONFLICT, after the checks.
  "webhook.redeliver": { access: can("webhooks.manage"), cross: "refused", input: (f) => ({ id: f.deliveryId }), allowedError: "CONFLICT" },

  // The fixture's question escalated to a person: one open gap (gap.list reads it for its key).
  "gap.list": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id }) },
  "gap.prefill": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, key: f.gapKey }) },
  "gap.cover": {
    access: can("knowledge.update"),
    cross: "refused",
    input: (f) => ({ botId: f.bot.id, key: f.gapKey, question: `${f.marker} refund policy?`, alternatives: [], answer: "Within 30 days." }),
  },
  "gap.dismiss": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, key: f.gapKey }) },
  "gap.reopen": { access: can("knowledge.update"), cross: "refused", input: (f) => ({ botId: f.bot.id, key: f.gapKey }) },

  // Filtered by the fixture's owner: another tenant's log holds none of their events. (Not by a
  // target id: the other tenant's log rightly records its own refused attempts on those ids.)
  "audit.list": { access: can("audit.read"), cross: "filtered", input: (f) => ({ filter: { actor: f.userIds.OWNER } }) },
  "audit.export": { access: can("audit.read"), cross: "filtered", input: (f) => ({ filter: { actor: f.userIds.OWNER } }) },

  "privacy.retention": { access: can("tenant.update"), cross: "own", input: none },
  "privacy.updateRetention": { access: can("tenant.update"), cross: "own", input: () => ({ retentionDays: 365 }) },
  "privacy.exportVisitor": { access: can("visitorData.manage"), cross: "refused", input: (f) => ({ visitorId: f.visitorId }) },
  "privacy.deleteVisitor": { access: can("visitorData.manage"), cross: "refused", input: (f) => ({ visitorId: f.visitorId }) },

  "widget.config": { access: { kind: "public" }, cross: "open", input: (f) => ({ botId: f.bot.publicId }) },
  "chat.start": { access: { kind: "public" }, cross: "open", input: (f) => ({ botId: f.bot.publicId }) },
  "chat.history": { access: { kind: "visitor" }, cross: "refused", input: visitorInput },
  "chat.send": { access: { kind: "visitor" }, cross: "refused", input: (f) => ({ ...visitorInput(f), text: "Refund policy?", clientMessageId: "access-visitor-2" }) },
  // No "did you mean" reply in the fixture: the visitor's own call gets past every check to the
  // lookup of the offering message (chat/suggestion-choice.integration.test.ts covers the choice).
  "chat.chooseSuggestion": {
    access: { kind: "visitor" },
    cross: "refused",
    input: (f) => ({ ...visitorInput(f), messageId: "access-no-such-message", sourceId: f.faqId, clientMessageId: "access-visitor-3" }),
    allowedError: "NOT_FOUND",
  },
  "chat.submitPrechat": { access: { kind: "visitor" }, cross: "refused", input: (f) => ({ ...visitorInput(f), answers: {} }) },
  "chat.requestHuman": { access: { kind: "visitor" }, cross: "refused", input: visitorInput },
  "chat.leaveContact": { access: { kind: "visitor" }, cross: "refused", input: (f) => ({ ...visitorInput(f), email: "visitor@example.com", message: "Call me back." }) },
  "chat.rate": {
    access: { kind: "visitor" },
    cross: "refused",
    input: (f) => ({ ...visitorInput(f), rating: 5, comment: "Quick and kind." }),
    before: (f) => f.callers.OWNER.inbox.resolve({ id: f.conversationId }),
  },
  // A vote on the bot's answer in the visitor's own conversation (feedback/feedback.integration.test.ts
  // covers the refusals: another visitor's answer, another tenant's, a visitor message, a decline).
  "chat.giveFeedback": {
    access: { kind: "visitor" },
    cross: "refused",
    input: (f) => ({ ...visitorInput(f), messageId: f.botAnswerId, helpful: false, reason: "incomplete", comment: "Missing a step." }),
  },
  "chat.endConversation": { access: { kind: "visitor" }, cross: "refused", input: visitorInput },
  "chat.typing": { access: { kind: "visitor" }, cross: "refused", input: visitorInput },
  "chat.agents": { access: { kind: "visitor" }, cross: "refused", input: visitorInput },
  "chat.events": { access: { kind: "visitor" }, cross: "refused", input: visitorInput },
};
