export * from "./payloads";
export * from "./email";
export * from "./retry";
