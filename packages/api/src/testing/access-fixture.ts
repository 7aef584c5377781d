import { type Db } from "@kefu/db";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { collect, memberOfTenant, ownerOfNewTenant, visitorCaller } from "./index.ts";

export type AdminCaller = ReturnType<typeof createAdminCaller>;

/**
 * One tenant with one of everything a procedure can address (bot, knowledge, conversation in the
 * inbox, rule, team, canned reply, AI provider, webhook and a delivery, invite) and a member of
 * each role. Every id and name it holds is a marker: none may appear in another tenant's results.
 */
export async function tenantWithEverything(db: Db, label: string) {
  const marker = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const owner = await ownerOfNewTenant(db, marker);
  const admin = await memberOfTenant(db, owner.tenantId, "ADMIN", `${marker}-admin`);
  const agent = await memberOfTenant(db, owner.tenantId, "AGENT", `${marker}-agent`);
  const viewer = await memberOfTenant(db, owner.tenantId, "VIEWER", `${marker}-viewer`);
  const caller = owner.caller;

  const bot = await caller.bot.create({ name: `${marker} bot`, greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  const faq = await caller.knowledge.addFaq({ botId: bot.id, question: `${marker} refund policy?`, alternatives: [], answer: "30 days." });
  const document = await caller.knowledge.addDocument({ botId: bot.id, title: `${marker} shipping`, content: "Parcels arrive in four days." });
  const linkedKnowledgeBase = await caller.knowledgeBase.create({ name: `${marker} linked`, botId: bot.id });
  const freeKnowledgeBase = await caller.knowledgeBase.create({ name: `${marker} free` });
  const synonymSet = await caller.synonym.create({ terms: [`${marker} hoodie`, `${marker} sweatshirt`] });
  // A web page source whose last sync failed: re-sync, schedule and retry address it. Made in the
  // database because importing one needs a reachable site.
  const [defaultKnowledgeBase] = await db.botKnowledgeBase.findMany({ where: { botId: bot.id }, orderBy: { createdAt: "asc" }, take: 1 });
  const urlSource = await db.knowledgeSource.create({
    data: {
      tenantId: owner.tenantId,
      knowledgeBaseId: defaultKnowledgeBase!.knowledgeBaseId,
      kind: "URL",
      title: `${marker} page`,
      url: "https://docs.example.com/help",
      status: "FAILED",
      error: "unreachable",
    },
  });

  const visitor = visitorCaller(db);
  const session = await visitor.chat.start({ botId: bot.publicId });
  await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: `${marker} refund policy?`, clientMessageId: "access-msg-1" }));
  await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
  const conversation = await db.conversation.findFirstOrThrow({ where: { tenantId: owner.tenantId, botId: bot.id } });

  const rules = await caller.rule.list({ botId: bot.id });
  const rule =
    rules[0] ??
    (await caller.rule.create({
      botId: bot.id,
      name: `${marker} rule`,
      conditions: { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }] },
      actions: [{ kind: "handoff" }],
    }));
  const team = await caller.team.create({ name: `${marker} team` });
  await caller.team.addMember({ teamId: team.id, membershipId: agent.membershipId });
  const cannedReply = await caller.inbox.cannedReplies.create({ title: `${marker} hello`, content: "Hello!" });
  const provider = await caller.provider.create({ name: `${marker} provider`, kind: "OPENAI_COMPATIBLE", baseUrl: "https://api.example.com/v1/", apiKey: `sk-${marker}` });
  const { endpoint: webhook } = await caller.webhook.create({ url: "https://hooks.example.com/kefu", events: ["conversation.escalated"] });
  await caller.webhook.sendTest({ id: webhook.id });
  const [delivery] = await caller.webhook.listDeliveries({ endpointId: webhook.id });
  const invite = await caller.member.invite({ role: "AGENT" });
  // An invite to a workspace of its own, for joining with an existing account (the table's allowed
  // call, by a member of this tenant, uses it up).
  const elsewhere = await ownerOfNewTenant(db, `${marker}-elsewhere`);
  const joinInvite = await elsewhere.caller.member.invite({ role: "VIEWER" });
  const testSet = await caller.regression.createSet({ botId: bot.id, name: `${marker} tests` });
  const testCase = await caller.regression.addCase({ setId: testSet.id, question: `${marker} refund policy?`, expectedSourceIds: [faq.id] });
  const testRun = await caller.regression.run({ setId: testSet.id });
  const visitorMessage = await db.message.findFirstOrThrow({ where: { tenantId: owner.tenantId, conversationId: conversation.id, role: "VISITOR" } });
  // The bot's answer to it (it cites the FAQ entry): what a visitor's vote addresses.
  const botAnswer = (await db.message.findMany({ where: { tenantId: owner.tenantId, conversationId: conversation.id, role: "BOT" } })).find(
    (m) => Array.isArray(m.citations) && m.citations.length > 0,
  );
  if (!botAnswer) throw new Error("the fixture's question was not answered from the FAQ");
  // Reading the weekly summary folds the tenant's analytics: done now, so the table's own reads of it
  // find nothing left to fold and change no row.
  await caller.summary.weekly();
  const gapKey = (await caller.gap.list({ botId: bot.id })).gaps[0]?.key ?? "no-gap";

  return {
    marker,
    tenantId: owner.tenantId,
    callers: { OWNER: caller, ADMIN: admin.caller, AGENT: agent.caller, VIEWER: viewer.caller },
    anonymous: createAdminCaller(createApiContext({ db, userId: null })),
    userIds: { OWNER: owner.userId, ADMIN: admin.userId, AGENT: agent.userId, VIEWER: viewer.userId },
    adminMembershipId: admin.membershipId,
    agentMembershipId: agent.membershipId,
    bot,
    faqId: faq.id,
    documentId: document.id,
    urlSourceId: urlSource.id,
    linkedKnowledgeBaseId: linkedKnowledgeBase.id,
    freeKnowledgeBaseId: freeKnowledgeBase.id,
    synonymSetId: synonymSet.id,
    conversationId: conversation.id,
    visitorId: conversation.visitorId,
    visitorToken: session.visitorToken,
    ruleIds: [rule.id, ...rules.slice(1).map((r) => r.id)],
    teamId: team.id,
    cannedReplyId: cannedReply.id,
    providerId: provider.id,
    webhookId: webhook.id,
    deliveryId: delivery!.id,
    inviteToken: invite.token,
    joinInviteToken: joinInvite.token,
    testSetId: testSet.id,
    testCaseId: testCase.id,
    testRunId: testRun.id,
    visitorMessageId: visitorMessage.id,
    botAnswerId: botAnswer.id,
    gapKey,
  };
}

export type TenantFixture = Awaited<ReturnType<typeof tenantWithEverything>>;

/** Strings of a tenant that must never reach another tenant: its marker and every id it holds. */
export function markersOf(fixture: TenantFixture): string[] {
  return [
    fixture.marker,
    fixture.tenantId,
    fixture.bot.id,
    fixture.bot.publicId,
    fixture.faqId,
    fixture.documentId,
    fixture.urlSourceId,
    fixture.linkedKnowledgeBaseId,
    fixture.freeKnowledgeBaseId,
    fixture.conversationId,
    fixture.visitorId,
    fixture.visitorToken,
    ...fixture.ruleIds,
    fixture.teamId,
    fixture.cannedReplyId,
    fixture.providerId,
    fixture.webhookId,
    fixture.deliveryId,
    fixture.inviteToken,
    fixture.joinInviteToken,
    fixture.testSetId,
    fixture.testCaseId,
    fixture.testRunId,
    fixture.visitorMessageId,
    fixture.botAnswerId,
    fixture.adminMembershipId,
    fixture.agentMembershipId,
    ...Object.values(fixture.userIds),
  ];
}
