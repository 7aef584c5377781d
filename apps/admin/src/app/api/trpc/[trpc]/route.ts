import { createApiContext } from "@kefu/api";
import { adminRouter } from "@kefu/api/admin";
import { getDb } from "@kefu/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { currentUserId } from "~/lib/auth";

const handler = async (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: adminRouter,
    createContext: async () => createApiContext({ db: getDb(), userId: await currentUserId() }),
  });

export { handler as GET, handler as POST };
