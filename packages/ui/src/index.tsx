export * from "./components";
export { Markdown } from "./markdown";
