export { createApiContext, type ApiContext } from "./context.ts";
export type { AdminRouter } from "./admin/index.ts";
export type { PublicRouter } from "./public/index.ts";
export type { ErrorShapeData } from "./errors.ts";
