import { AUDIT_EVENTS, ZAcceptInviteRequest, ZCreateInviteRequest, ZInviteTokenRequest, ZJoinWithInviteRequest, ZMembershipIdRequest, ZSetMemberRoleRequest, ZSetPresenceRequest, ZUpdateMemberRequest } from "@kefu/domain";
import { acceptInvite, createInvite, describeInvite, listMembers, removeMember, setMemberRole, setPresence, updateMember } from "./members.ts";
import { joinedEntry } from "./sign-in-audit.ts";
import { recordAudit } from "../platform/audit-trail.ts";
import { authedProcedure, permissionProcedure, publicProcedure, router } from "../platform/trpc.ts";
import { joinWithInvite } from "./workspaces.ts";

export const memberRouter = router({
  list: permissionProcedure("inbox.read").query(({ ctx }) => listMembers(ctx.db, ctx.tenantId)),
  invite: permissionProcedure("member.manage")
    .input(ZCreateInviteRequest)
    .mutation(({ ctx, input }) => createInvite(ctx.db, { tenantId: ctx.tenantId, createdBy: ctx.userId }, input)),
  describeInvite: publicProcedure.input(ZInviteTokenRequest).query(({ ctx, input }) => describeInvite(ctx.db, input.token)),
  acceptInvite: publicProcedure.input(ZAcceptInviteRequest).mutation(async ({ ctx, input }) => {
    const account = await acceptInvite(ctx.db, input);
    await recordAudit(ctx.db, joinedEntry(AUDIT_EVENTS.inviteAccepted, account, ctx.client, input), ctx.log);
    return account;
  }),
  // A signed-in person (of any workspace, or of none any more) joins with the account they have.
  joinWithInvite: authedProcedure.input(ZJoinWithInviteRequest).mutation(async ({ ctx, input }) => {
    const joined = await joinWithInvite(ctx.db, ctx.userId, input.token);
    await recordAudit(ctx.db, joinedEntry(AUDIT_EVENTS.joinedWithInvite, { userId: ctx.userId, tenantId: joined.tenantId, email: joined.email }, ctx.client, {}), ctx.log);
    return joined;
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
  // Every member who replies sets their own presence; viewers stay offline (routing skips them).
  setPresence: permissionProcedure("inbox.reply")
    .input(ZSetPresenceRequest)
    .mutation(({ ctx, input }) => setPresence(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId }, input.presence)),
});
