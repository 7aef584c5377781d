export * from "./form";
export * from "./answers";
