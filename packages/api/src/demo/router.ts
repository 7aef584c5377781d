import { ZRemoveDemoResponse, ZSeedDemoResponse, ZWorkspaceDemoStatus } from "@kefu/domain";
import { permissionProcedure, router, tenantProcedure } from "../platform/trpc.ts";
import { removeWorkspaceDemo, seedWorkspaceDemo, workspaceDemoStatus } from "./workspace-demo.ts";

// Making and deleting bots: owners and admins (bot.create, bot.delete); anyone may see whether there is demo data.
export const demoRouter = router({
  status: tenantProcedure.output(ZWorkspaceDemoStatus).query(({ ctx }) => workspaceDemoStatus(ctx.db, ctx.tenantId)),
  /** Seeds the demo bots, knowledge and sample conversations into the workspace (answers when done). */
  seed: permissionProcedure("bot.create")
    .output(ZSeedDemoResponse)
    .mutation(({ ctx }) => seedWorkspaceDemo(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId })),
  /** Deletes what the demo made: its bots, with their knowledge, rules and conversations. */
  remove: permissionProcedure("bot.delete")
    .output(ZRemoveDemoResponse)
    .mutation(({ ctx }) => removeWorkspaceDemo(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId })),
});
