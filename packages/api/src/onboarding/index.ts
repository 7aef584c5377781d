export { dismissOnboarding, noteSnippetCopied, onboardingStatus } from "./onboarding.ts";
export { onboardingRouter } from "./router.ts";
