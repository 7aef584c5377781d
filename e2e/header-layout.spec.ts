import { expect, signUp, test } from "./fixtures";

// The dashboard header on a laptop and a phone, in both languages: every label on one line, and the
// page never wider than the screen. On a phone the sections and the account controls are behind a
// Menu button.
test("the header keeps each label on one line and the page within the screen, at 1366 and 390 px, in English and Chinese", async ({ page, tenant }) => {
  await signUp(page, tenant);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const language of ["en", "zh"] as const) {
    const menu = page.getByRole("button", { name: language === "en" ? "Menu" : "菜单" });
    const logout = page.getByRole("button", { name: language === "en" ? "Log out" : "退出登录" });
    if (language === "zh") {
      await page.setViewportSize({ width: 1366, height: 800 });
      await page.getByRole("button", { name: "中文" }).click();
      await expect(nav.getByRole("link", { name: "机器人" })).toBeVisible();
    }
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${language} ${width}px`).toBe(width);
      if (width === 390) {
        // Folded: only the logo and the menu button show.
        await expect(nav).toBeHidden();
        await expect(logout).toBeHidden();
        await expect(menu).toHaveAttribute("aria-expanded", "false");
        await menu.click();
        await expect(menu).toHaveAttribute("aria-expanded", "true");
        await expect(nav).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${language} ${width}px, menu open`).toBe(width);
      } else {
        await expect(menu).toBeHidden();
        await expect(nav).toBeVisible();
      }
      const heights = await nav.getByRole("link").evaluateAll((links) => links.map((link) => link.getBoundingClientRect().height));
      expect(Math.max(...heights), `${language} ${width}px: a section label wraps`).toBeLessThan(40);
      for (const control of [page.getByTestId("workspace-name"), logout]) {
        await expect(control).toBeVisible();
        expect((await control.boundingBox())!.height, `${language} ${width}px`).toBeLessThan(30);
      }
      if (width === 390) {
        // Escape closes the menu and gives the focus back to its button; a section link closes it too.
        await page.keyboard.press("Escape");
        await expect(nav).toBeHidden();
        await expect(menu).toBeFocused();
        await menu.click();
        await nav.getByRole("link", { name: language === "en" ? "Conversations" : "会话" }).click();
        await expect(page).toHaveURL(/\/conversations$/);
        await expect(nav).toBeHidden();
        await page.goto("/bots");
      }
    }
  }
});
