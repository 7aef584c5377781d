export { auditRouter } from "./router.ts";
export { EXPORT_MAX_ROWS } from "./audit-log.ts";
