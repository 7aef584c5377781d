export * from "./summary";
export * from "./csv";
export * from "./schemas";
