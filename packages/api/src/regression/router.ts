import {
  ZAddRegressionCaseRequest,
  ZCreateRegressionSetRequest,
  ZRegressionBotRequest,
  ZRegressionCaseFromMessageRequest,
  ZRegressionCaseIdRequest,
  ZRegressionRunIdRequest,
  ZRegressionSetIdRequest,
  ZUpdateRegressionCaseRequest,
  ZUpdateRegressionSetRequest,
} from "@kefu/domain";
import { permissionProcedure, router } from "../platform/trpc.ts";
import { botNewFailures, currentRun, getRun, runHistory, runSet } from "./runs.ts";
import { addCase, addCaseFromMessage, createSet, deleteCase, deleteSet, listCases, listSets, updateCase, updateSet } from "./sets.ts";

/** Regression test sets of a bot: read like its knowledge, edited and run by those who edit it. */
export const regressionRouter = router({
  listSets: permissionProcedure("knowledge.read").input(ZRegressionBotRequest).query(({ ctx, input }) => listSets(ctx.db, ctx.tenantId, input.botId)),
  createSet: permissionProcedure("knowledge.update").input(ZCreateRegressionSetRequest).mutation(({ ctx, input }) => createSet(ctx.db, ctx.tenantId, input)),
  updateSet: permissionProcedure("knowledge.update").input(ZUpdateRegressionSetRequest).mutation(({ ctx, input }) => updateSet(ctx.db, ctx.tenantId, input)),
  deleteSet: permissionProcedure("knowledge.update").input(ZRegressionSetIdRequest).mutation(({ ctx, input }) => deleteSet(ctx.db, ctx.tenantId, input.setId)),
  listCases: permissionProcedure("knowledge.read").input(ZRegressionSetIdRequest).query(({ ctx, input }) => listCases(ctx.db, ctx.tenantId, input.setId)),
  // Typed in the dashboard, or from a knowledge gap ({ question, expectedSourceIds, origin: "gap" }).
  addCase: permissionProcedure("knowledge.update").input(ZAddRegressionCaseRequest).mutation(({ ctx, input }) => addCase(ctx.db, ctx.tenantId, input)),
  addCaseFromMessage: permissionProcedure("knowledge.update")
    .input(ZRegressionCaseFromMessageRequest)
    .mutation(({ ctx, input }) => addCaseFromMessage(ctx.db, ctx.tenantId, input)),
  updateCase: permissionProcedure("knowledge.update").input(ZUpdateRegressionCaseRequest).mutation(({ ctx, input }) => updateCase(ctx.db, ctx.tenantId, input)),
  deleteCase: permissionProcedure("knowledge.update").input(ZRegressionCaseIdRequest).mutation(({ ctx, input }) => deleteCase(ctx.db, ctx.tenantId, input.caseId)),
  // Runs the whole set within the request; `currentRun` shows its progress meanwhile. A manual run
  // is never skipped (only a knowledge change's second run is), hence the assertion.
  run: permissionProcedure("knowledge.update")
    .input(ZRegressionSetIdRequest)
    .mutation(async ({ ctx, input }) => (await runSet(ctx.db, { tenantId: ctx.tenantId, setId: input.setId, trigger: "MANUAL", startedById: ctx.userId }))!),
  currentRun: permissionProcedure("knowledge.read").input(ZRegressionSetIdRequest).query(({ ctx, input }) => currentRun(ctx.db, ctx.tenantId, input.setId)),
  getRun: permissionProcedure("knowledge.read").input(ZRegressionRunIdRequest).query(({ ctx, input }) => getRun(ctx.db, ctx.tenantId, input.runId)),
  history: permissionProcedure("knowledge.read").input(ZRegressionSetIdRequest).query(({ ctx, input }) => runHistory(ctx.db, ctx.tenantId, input.setId)),
  newFailures: permissionProcedure("knowledge.read").input(ZRegressionBotRequest).query(({ ctx, input }) => botNewFailures(ctx.db, ctx.tenantId, input.botId)),
});
