// @kefu/domain — pure rules of the product: no I/O, no env, nothing of ours imported.
export * from "./errors";
export * from "./schemas";
export * from "./text";
export * from "./knowledge";
export * from "./retrieval";
export * from "./analytics";
export * from "./escalation";
export * from "./notifications";
export * from "./origins";
export * from "./privacy";
export * from "./audit";
export * from "./prechat";
