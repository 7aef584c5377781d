export { accountRouter } from "./account-router.ts";
export { signUp, verifyCredentials } from "./accounts.ts";
export { memberRouter } from "./member-router.ts";
export { auditSignIn } from "./sign-in-audit.ts";
export { teamRouter } from "./team-router.ts";
