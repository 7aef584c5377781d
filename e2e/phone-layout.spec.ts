import { addFaq, botTab, createBot, type BotTabName, expect, signUp, test } from "./fixtures";

// A phone (390 px) in English and Chinese: every section of a bot with knowledge, rules and a
// playground answer, and the webhooks page, fit the screen; nothing scrolls the page sideways
// (wide tables scroll inside their own box).
test("the bot page's sections and the webhooks page fit a phone's width, in English and Chinese", async ({ page, tenant }) => {
  test.setTimeout(120_000);
  await signUp(page, tenant);
  await createBot(page, "Phone layout shop");
  await addFaq(page, { question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  await botTab(page, "Rules");
  await page.getByRole("button", { name: "Add default rules" }).click();
  await expect(page.getByRole("list", { name: "Handoff rules" }).getByTestId("rule-row")).toHaveCount(3);
  const botUrl = page.url();

  await page.setViewportSize({ width: 390, height: 844 });
  const tabs: Record<BotTabName, string> = { Overview: "概览", Knowledge: "知识", Playground: "试答", Rules: "规则", Widget: "网站插件", "AI model": "AI 模型" };
  for (const language of ["en", "zh"] as const) {
    if (language === "zh") {
      await page.context().addCookies([{ name: "kefu-locale", value: "zh", url: new URL(botUrl).origin }]);
      await page.goto(botUrl);
    }
    for (const [en, zh] of Object.entries(tabs)) {
      const tab = page.getByRole("tablist", { name: language === "en" ? "Bot sections" : "机器人设置分区" }).getByRole("tab", { name: language === "en" ? en : zh, exact: true });
      await tab.click();
      await expect(tab).toHaveAttribute("aria-selected", "true");
      if (en === "Playground") {
        const playground = page.getByRole("form", { name: language === "en" ? "Playground" : "调试台" });
        await playground.getByLabel(language === "en" ? "Question to try" : "要测试的问题").fill("how long does shipping take?");
        await playground.getByRole("button", { name: language === "en" ? "Try" : "试一试" }).click();
        await expect(page.getByRole("list", { name: language === "en" ? "Retrieved passages" : "检索到的段落" }).getByRole("listitem").first()).toBeVisible();
      }
      if (en === "Knowledge") await expect(page.getByRole("list", { name: language === "en" ? "FAQ entries" : "常见问题" })).toBeVisible();
      if (en === "Rules") await expect(page.getByTestId("rule-row")).toHaveCount(3);
      if (en === "Widget") await expect(page.getByTestId("hosted-url")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${language}: ${en}`).toBe(390);
    }
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("button", { name: language === "en" ? "Refresh" : "刷新" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${language}: webhooks`).toBe(390);
    await page.goto(botUrl);
  }
});
