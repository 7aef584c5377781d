import { createApiContext } from "@kefu/api";
import { publicRouter } from "@kefu/api/public";
import { getDb } from "@kefu/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: publicRouter,
    createContext: () => createApiContext({ db: getDb() }),
  });

export { handler as GET, handler as POST };
