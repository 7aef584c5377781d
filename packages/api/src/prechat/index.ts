export { prechatFormRouter } from "./router.ts";
export { prechatForVisitor, prechatRequired, submitPrechat } from "./visitor-form.ts";
