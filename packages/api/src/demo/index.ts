export { DEMO_ACCOUNT, DEMO_BOTS, DEMO_TIME_ZONE, seedDemo, type DemoSeedResult } from "./seed.ts";
export { demoRouter } from "./router.ts";
