export * from "./form";
export * from "./answers";
export * from "./email";
