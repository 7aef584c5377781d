export * from "./summary";
export * from "./csv";
export * from "./schemas";
export * from "./actions";
