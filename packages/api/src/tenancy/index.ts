export { accountRouter } from "./account-router.ts";
export { signUp, verifyCredentials } from "./accounts.ts";
export { confirmSignUp, requestPasswordReset, requestSignUp, resetPassword, type AccountMail, type AccountMailer } from "./account-links.ts";
export { admitSignIn, refuseSignInAttempt, updateSignInLimits } from "./sign-in-limits.ts";
export { adminThrottle } from "./throttle.ts";
export { memberRouter } from "./member-router.ts";
export { auditSignIn } from "./sign-in-audit.ts";
export { teamRouter } from "./team-router.ts";
