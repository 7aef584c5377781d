export * from "./allowed-origins";
