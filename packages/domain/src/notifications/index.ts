export * from "./payloads";
export * from "./email";
