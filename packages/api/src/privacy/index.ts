export { privacyRouter } from "./router.ts";
export { deleteVisitorData, exportVisitorData, type VisitorExport } from "./data-requests.ts";
export { purgeTenantData, unsafePurgeExpiredData } from "./retention.ts";
