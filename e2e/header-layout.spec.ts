import { expect, signUp, test } from "./fixtures";

// The dashboard header on a laptop and a phone, in both languages: every section label on one
// line, and the page never wider than the screen (the sections scroll sideways instead).
test("the header keeps each label on one line and the page within the screen, at 1366 and 390 px, in English and Chinese", async ({ page, tenant }) => {
  await signUp(page, tenant);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const language of ["en", "zh"] as const) {
    if (language === "zh") {
      await page.getByRole("button", { name: "中文" }).click();
      await expect(nav.getByRole("link", { name: "机器人" })).toBeVisible();
    }
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${language} ${width}px`).toBe(width);
      const heights = await nav.getByRole("link").evaluateAll((links) => links.map((link) => link.getBoundingClientRect().height));
      expect(Math.max(...heights), `${language} ${width}px: a section label wraps`).toBeLessThan(40);
      for (const control of [page.getByTestId("workspace-name"), page.getByRole("button", { name: language === "en" ? "Log out" : "退出登录" })]) {
        expect((await control.boundingBox())!.height, `${language} ${width}px`).toBeLessThan(30);
      }
    }
  }
});
