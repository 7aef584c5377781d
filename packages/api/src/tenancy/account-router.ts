import { ZSignUpRequest } from "@kefu/domain";
import { z } from "zod";
import { getWorkspace, signUp } from "./accounts.ts";
import { publicProcedure, router, tenantProcedure } from "../platform/trpc.ts";

export const accountRouter = router({
  signUp: publicProcedure
    .input(ZSignUpRequest)
    .output(z.object({ userId: z.string(), tenantId: z.string(), email: z.string() }))
    .mutation(({ ctx, input }) => signUp(ctx.db, input)),
  me: tenantProcedure.query(async ({ ctx }) => ({
    ...(await getWorkspace(ctx.db, ctx.userId, ctx.tenantId)),
    role: ctx.role,
  })),
});
