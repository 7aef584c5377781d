import AxeBuilder from "@axe-core/playwright";
import { type Page } from "@playwright/test";
import { addFaq, createBot, E2E, expect, signUp, test } from "./fixtures";

// WCAG 2.2 AA as axe checks it (contrast, names, roles, structure): no serious or critical
// violation on the admin app's main pages, in the light and the dark theme.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

test("the main admin pages have no serious or critical axe violations, light and dark", async ({ page, tenant, browser }) => {
  test.setTimeout(240_000);
  await signUp(page, tenant);
  await createBot(page, "Accessible bot");
  await addFaq(page, { question: "Do you ship abroad?", answer: "Yes, we ship to 40 countries." });
  const botPath = new URL(page.url()).pathname;
  const pages = [
    "/bots",
    ...["overview", "knowledge", "playground", "rules", "widget", "model"].map((tab) => `${botPath}?tab=${tab}`),
    "/inbox",
    "/conversations",
    "/analytics",
    "/improve/gaps",
    "/improve/tests",
    "/settings/providers",
    "/settings/hours",
    "/settings/team",
    "/settings/webhooks",
    "/settings/audit",
    "/settings/privacy",
  ];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of pages) {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
      await expect(page.getByText("Loading…")).toHaveCount(0);
      expect(await seriousViolations(page), `${scheme} ${path}`).toEqual([]);
    }
  }

  // The pages before signing in.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  for (const path of ["/login", "/signup", "/forgot-password"]) {
    await visitor.goto(`${E2E.adminUrl}${path}`);
    expect(await seriousViolations(visitor), path).toEqual([]);
  }
  await visitorContext.close();
});

test("keyboard: a skip link is the first stop and leads into the page, whose controls come next", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.goto("/bots");
  // The page's own controls are there (its data loaded) before the keyboard walk starts.
  await expect(page.getByRole("button", { name: "New bot" })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // Then the page's own controls, in order.
  await page.keyboard.press("Tab");
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
});

test("reduced motion: transitions and animations are off when the system asks", async ({ page, tenant }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await signUp(page, tenant);
  const durations = await page.getByRole("button", { name: "Log out" }).evaluate((el) => {
    const style = getComputedStyle(el);
    return [style.transitionDuration, style.animationDuration];
  });
  for (const d of durations) expect(Number.parseFloat(d)).toBeLessThan(0.001);
});
