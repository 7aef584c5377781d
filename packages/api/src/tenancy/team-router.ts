import { ZCreateTeamRequest, ZRenameTeamRequest, ZTeamIdRequest, ZTeamMemberRequest } from "@kefu/domain";
import { addTeamMember, createTeam, deleteTeam, listTeams, removeTeamMember, renameTeam } from "./teams.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

export const teamRouter = router({
  list: permissionProcedure("inbox.read").query(({ ctx }) => listTeams(ctx.db, ctx.tenantId)),
  create: permissionProcedure("team.manage")
    .input(ZCreateTeamRequest)
    .mutation(({ ctx, input }) => createTeam(ctx.db, ctx.tenantId, input.name)),
  rename: permissionProcedure("team.manage")
    .input(ZRenameTeamRequest)
    .mutation(({ ctx, input }) => renameTeam(ctx.db, ctx.tenantId, input.id, input.name)),
  delete: permissionProcedure("team.manage")
    .input(ZTeamIdRequest)
    .mutation(({ ctx, input }) => deleteTeam(ctx.db, ctx.tenantId, input.id)),
  addMember: permissionProcedure("team.manage")
    .input(ZTeamMemberRequest)
    .mutation(({ ctx, input }) => addTeamMember(ctx.db, ctx.tenantId, input.teamId, input.membershipId)),
  removeMember: permissionProcedure("team.manage")
    .input(ZTeamMemberRequest)
    .mutation(({ ctx, input }) => removeTeamMember(ctx.db, ctx.tenantId, input.teamId, input.membershipId)),
});
