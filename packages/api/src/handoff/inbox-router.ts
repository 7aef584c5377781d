import {
  notFound,
  ZAgentMessageRequest,
  ZCannedReplyInput,
  ZConversationIdRequest,
  ZId,
  ZInboxCountsRequest,
  ZInboxEventsRequest,
  ZInboxListRequest,
  ZTransferRequest,
} from "@kefu/domain";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { followEvents } from "../platform/events/event-feed.ts";
import { appendEvents, readEvents, unsafeLatestEventSeq } from "../platform/events/event-log.ts";
import { addNote, replyAsAgent } from "./agent-messages.ts";
import { claimConversation, handBackToBot, resolveConversation, transferConversation } from "./handoff.ts";
import { getInboxConversation, inboxCounts, listCannedReplies, listInbox } from "./inbox.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

const reader = permissionProcedure("inbox.read");
const replier = permissionProcedure("inbox.reply");

/** What a stream sends: one logged event, JSON-safe. */
export function eventView(event: { seq: bigint; conversationId: string; type: string; payload: unknown; createdAt: Date }) {
  return { seq: event.seq.toString(), conversationId: event.conversationId, type: event.type, payload: event.payload, createdAt: event.createdAt };
}

export const inboxRouter = router({
  counts: reader.input(ZInboxCountsRequest).query(({ ctx, input }) => inboxCounts(ctx.db, ctx.tenantId, ctx.userId, input)),
  list: reader.input(ZInboxListRequest).query(({ ctx, input }) => listInbox(ctx.db, ctx.tenantId, ctx.userId, input.view, input)),
  get: reader.input(ZConversationIdRequest).query(({ ctx, input }) => getInboxConversation(ctx.db, ctx.tenantId, input.id)),
  claim: replier.input(ZConversationIdRequest).mutation(({ ctx, input }) => claimConversation(ctx.db, ctx.tenantId, input.id, ctx.userId)),
  reply: replier
    .input(ZAgentMessageRequest)
    .mutation(({ ctx, input }) => replyAsAgent(ctx.db, ctx.tenantId, input.id, ctx.userId, input)),
  note: replier.input(ZAgentMessageRequest).mutation(({ ctx, input }) => addNote(ctx.db, ctx.tenantId, input.id, ctx.userId, input)),
  transfer: replier
    .input(ZTransferRequest)
    .mutation(({ ctx, input }) => transferConversation(ctx.db, ctx.tenantId, input.id, { agentId: input.agentId, teamId: input.teamId })),
  resolve: replier.input(ZConversationIdRequest).mutation(({ ctx, input }) => resolveConversation(ctx.db, ctx.tenantId, input.id)),
  handBack: replier.input(ZConversationIdRequest).mutation(({ ctx, input }) => handBackToBot(ctx.db, ctx.tenantId, input.id)),
  typing: replier.input(ZConversationIdRequest).mutation(async ({ ctx, input }) => {
    await getInboxConversationExists(ctx, input.id);
    await appendEvents(ctx.db, ctx.tenantId, [{ conversationId: input.id, type: "typing", payload: { who: "agent" } }]);
    return { ok: true };
  }),
  /**
   * Live events of the tenant (or one conversation), resumable: each is tracked by its seq, and a
   * reconnecting client gets everything after the last seq it saw.
   */
  events: reader.input(ZInboxEventsRequest).subscription(async function* ({ ctx, input, signal }) {
    if (input.conversationId) await getInboxConversationExists(ctx, input.conversationId);
    const conversationIds = input.conversationId ? [input.conversationId] : undefined;
    const afterSeq = input.lastEventId ? BigInt(input.lastEventId) : input.conversationId ? 0n : await unsafeLatestEventSeq(ctx.db);
    for await (const event of followEvents({
      db: ctx.db,
      afterSeq,
      signal,
      replay: (after) => readEvents(ctx.db, { tenantId: ctx.tenantId, conversationIds, afterSeq: after, audience: "agent" }),
      accept: (e) => e.tenantId === ctx.tenantId && (!input.conversationId || e.conversationId === input.conversationId),
    })) {
      yield tracked(event.seq.toString(), eventView(event));
    }
  }),
  cannedReplies: router({
    list: reader.query(({ ctx }) => listCannedReplies(ctx.db, ctx.tenantId)),
    create: permissionProcedure("team.manage")
      .input(ZCannedReplyInput)
      .mutation(({ ctx, input }) => ctx.db.cannedReply.create({ data: { tenantId: ctx.tenantId, ...input }, select: { id: true, title: true, content: true } })),
    delete: permissionProcedure("team.manage")
      .input(z.object({ id: ZId }))
      .mutation(async ({ ctx, input }) => {
        const deleted = await ctx.db.cannedReply.deleteMany({ where: { id: input.id, tenantId: ctx.tenantId } });
        if (deleted.count === 0) throw notFoundCanned();
        return { id: input.id };
      }),
  }),
});

const notFoundCanned = () => notFound("canned_reply");

async function getInboxConversationExists(ctx: { db: Parameters<typeof readEvents>[0]; tenantId: string }, id: string) {
  const found = await ctx.db.conversation.findFirst({ where: { id, tenantId: ctx.tenantId }, select: { id: true } });
  if (!found) throw notFound("conversation");
}
