export * from "./auth";
export * from "./bot";
export * from "./knowledge";
export * from "./chat";
export * from "./permissions";
