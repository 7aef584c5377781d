export { regressionRouter } from "./router.ts";
export { runAutoSets, runSet } from "./runs.ts";
