import { AUDIT_EVENTS, ZAcceptInviteRequest, ZCreateInviteRequest, ZInviteTokenRequest, ZMembershipIdRequest, ZSetMemberRoleRequest, ZSetPresenceRequest, ZUpdateMemberRequest } from "@kefu/domain";
import { acceptInvite, createInvite, describeInvite, listMembers, removeMember, setMemberRole, setPresence, updateMember } from "./members.ts";
import { joinedEntry } from "./sign-in-audit.ts";
import { recordAudit } from "../platform/audit-trail.ts";
import { permissionProcedure, publicProcedure, router, tenantProcedure } from "../platform/trpc.ts";

export const memberRouter = router({
  list: permissionProcedure("inbox.read").query(({ ctx }) => listMembers(ctx.db, ctx.tenantId)),
  invite: permissionProcedure("member.manage")
    .input(ZCreateInviteRequest)
    .mutation(({ ctx, input }) => createInvite(ctx.db, { tenantId: ctx.tenantId, createdBy: ctx.userId }, input.role)),
  describeInvite: publicProcedure.input(ZInviteTokenRequest).query(({ ctx, input }) => describeInvite(ctx.db, input.token)),
  acceptInvite: publicProcedure.input(ZAcceptInviteRequest).mutation(async ({ ctx, input }) => {
    const account = await acceptInvite(ctx.db, input);
    await recordAudit(ctx.db, joinedEntry(AUDIT_EVENTS.inviteAccepted, account, ctx.client, input), ctx.log);
    return account;
  }),
  update: permissionProcedure("member.manage")
    .input(ZUpdateMemberRequest)
    .mutation(({ ctx, input }) => updateMember(ctx.db, ctx.tenantId, input.membershipId, input.maxConcurrent)),
  setRole: permissionProcedure("member.manage")
    .input(ZSetMemberRoleRequest)
    .mutation(({ ctx, input }) => setMemberRole(ctx.db, ctx, input.membershipId, input.role)),
  remove: permissionProcedure("member.manage")
    .input(ZMembershipIdRequest)
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx, input.membershipId)),
  // Every member sets their own presence.
  setPresence: tenantProcedure
    .input(ZSetPresenceRequest)
    .mutation(({ ctx, input }) => setPresence(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId }, input.presence)),
});
