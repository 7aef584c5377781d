export { chatRouter, widgetRouter } from "./router.ts";
