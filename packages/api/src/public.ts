import { chatRouter, widgetRouter } from "./chat/index.ts";

export { agentPictureResponse, answerAdmission, botPageInfo, chatThrottle, widgetConfigResponse, widgetFrameAncestors } from "./chat/index.ts";
import { createCallerFactory, router } from "./platform/trpc.ts";

/** Procedures of the chat app: an anonymous visitor of one bot. */
export const publicRouter = router({
  widget: widgetRouter,
  chat: chatRouter,
});
export type PublicRouter = typeof publicRouter;
export const createPublicCaller = createCallerFactory(publicRouter);
