import { type Page } from "@playwright/test";
import { E2E, expect, signUp, test } from "./fixtures";

/** Relative luminance of the page's background (0 black, 1 white). */
function pageLuminance(page: Page) {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor; // oklch → the canvas converts it
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = [...ctx.getImageData(0, 0, 1, 1).data].map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  });
}

test("dark mode follows the system, a choice in the header overrides it and is kept", async ({ page, tenant }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signUp(page, tenant);
  const theme = page.getByLabel("Colour theme");
  await expect(theme).toHaveValue("system");
  expect(await pageLuminance(page)).toBeLessThan(0.05);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");

  // Light, chosen while the system is dark: kept across a reload (a cookie, read on the server).
  await theme.selectOption("light");
  await expect(page.locator("html")).toHaveClass(/\blight\b/);
  expect(await pageLuminance(page)).toBeGreaterThan(0.8);
  await page.reload();
  await expect(page.getByLabel("Colour theme")).toHaveValue("light");
  expect(await pageLuminance(page)).toBeGreaterThan(0.8);

  // Dark, chosen while the system is light.
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Colour theme").selectOption("dark");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  expect(await pageLuminance(page)).toBeLessThan(0.05);
  await page.reload();
  expect(await pageLuminance(page)).toBeLessThan(0.05);

  // Back to the system's.
  await page.getByLabel("Colour theme").selectOption("system");
  expect(await pageLuminance(page)).toBeGreaterThan(0.8);
  // The sign-in page follows the same choice and the system.
  await page.context().clearCookies();
  await page.goto(`${E2E.adminUrl}/login`);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await pageLuminance(page)).toBeLessThan(0.05);
});
