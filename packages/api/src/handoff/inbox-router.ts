import {
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
import { type LoggedEvent } from "../platform/events/event-log.ts";
import { addNote, replyAsAgent } from "./agent-messages.ts";
import { createCannedReply, deleteCannedReply, listCannedReplies } from "./canned-replies.ts";
import { claimConversation, handBackToBot, resolveConversation, transferConversation } from "./handoff.ts";
import { agentTyping, followInboxEvents, getInboxConversation, inboxCounts, listInbox, membershipCheck } from "./inbox.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

const reader = permissionProcedure("inbox.read");
const replier = permissionProcedure("inbox.reply");

/** What a stream sends: one logged event, JSON-safe; its type and payload stay one union. */
export function eventView({ seq, tenantId: _tenantId, audience: _audience, ...event }: LoggedEvent) {
  return { seq: seq.toString(), ...event };
}

export const inboxRouter = router({
  counts: reader.input(ZInboxCountsRequest).query(({ ctx, input }) => inboxCounts(ctx.db, ctx.tenantId, ctx.userId, input)),
  list: reader.input(ZInboxListRequest).query(({ ctx, input }) => listInbox(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId }, input)),
  get: reader.input(ZConversationIdRequest).query(({ ctx, input }) => getInboxConversation(ctx.db, ctx.tenantId, input.id)),
  claim: replier.input(ZConversationIdRequest).mutation(({ ctx, input }) => claimConversation(ctx.db, ctx.tenantId, input.id, ctx.userId)),
  reply: replier
    .input(ZAgentMessageRequest)
    .mutation(({ ctx, input }) => replyAsAgent(ctx.db, { tenantId: ctx.tenantId, conversationId: input.id, agentId: ctx.userId }, input)),
  note: replier.input(ZAgentMessageRequest).mutation(({ ctx, input }) => addNote(ctx.db, { tenantId: ctx.tenantId, conversationId: input.id, agentId: ctx.userId }, input)),
  transfer: replier
    .input(ZTransferRequest)
    .mutation(({ ctx, input }) => transferConversation(ctx.db, ctx.tenantId, input.id, { agentId: input.agentId, teamId: input.teamId })),
  resolve: replier.input(ZConversationIdRequest).mutation(({ ctx, input }) => resolveConversation(ctx.db, ctx.tenantId, input.id)),
  handBack: replier.input(ZConversationIdRequest).mutation(({ ctx, input }) => handBackToBot(ctx.db, ctx.tenantId, input.id)),
  typing: replier.input(ZConversationIdRequest).mutation(({ ctx, input }) => agentTyping(ctx.db, ctx.tenantId, input.id)),
  /**
   * Live events of the tenant (or one conversation), resumable: each is tracked by its seq, and a
   * reconnecting client gets everything after the last seq it saw.
   */
  events: reader.input(ZInboxEventsRequest).subscription(async ({ ctx, input, signal }) => {
    const events = await followInboxEvents(ctx.db, ctx.tenantId, input, signal);
    const stillMember = membershipCheck(ctx.db, ctx.tenantId, ctx.userId);
    return (async function* () {
      for await (const event of events) {
        // A member removed while their stream is open gets nothing more; the stream ends.
        if (!(await stillMember())) return;
        yield tracked(event.seq.toString(), eventView(event));
      }
    })();
  }),
  cannedReplies: router({
    list: reader.query(({ ctx }) => listCannedReplies(ctx.db, ctx.tenantId)),
    create: permissionProcedure("team.manage")
      .input(ZCannedReplyInput)
      .mutation(({ ctx, input }) => createCannedReply(ctx.db, ctx.tenantId, input)),
    delete: permissionProcedure("team.manage")
      .input(z.object({ id: ZId }))
      .mutation(({ ctx, input }) => deleteCannedReply(ctx.db, ctx.tenantId, input.id)),
  }),
});
