import { type AnyTRPCRouter, type inferRouterContext } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { requestIdFrom } from "./context.ts";
import { rootLogger } from "./logger.ts";

/**
 * Serves a tRPC router over HTTP (both apps' `/api/trpc` route handlers): the request id is the
 * client's `x-request-id` when sane (platform/context.ts), else a new one; it goes into the
 * context (so `ctx.log` lines and error messages carry it) and back as the `x-request-id`
 * response header.
 */
export async function serveTrpc<TRouter extends AnyTRPCRouter>(
  req: Request,
  router: TRouter,
  createContext: (requestId: string) => Promise<inferRouterContext<TRouter>> | inferRouterContext<TRouter>,
  endpoint = "/api/trpc",
): Promise<Response> {
  const requestId = requestIdFrom(req.headers);
  const response = await fetchRequestHandler({
    endpoint,
    req,
    router,
    createContext: () => createContext(requestId),
    onError({ error, ctx }) {
      // With a context the error formatter (trpc.ts) logged it; without one, creating it failed.
      if (ctx === undefined && error.code === "INTERNAL_SERVER_ERROR") {
        rootLogger().child({ requestId }).error({ err: error }, "trpc.context_failed");
      }
    },
  });
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // Immutable headers (not what the fetch adapter returns today): copy the response.
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}
