import { SHOP_FAQ } from "@kefu/domain/testing";
import { addFaq, botTab, createBot, expect, signUp, test } from "./fixtures";

// The bot's target precision: once the knowledge is measured (in the background, after the
// entries are added), the figures follow the slider before saving, and the aim is saved.


test("target precision: measured knowledge, figures that follow the slider, saved", async ({ page, tenant }) => {
  test.setTimeout(120_000);
  await signUp(page, tenant);
  await createBot(page, "Calibrated shop");
  await botTab(page, "AI model");
  const model = page.getByRole("form", { name: "AI model" });
  const figures = model.getByTestId("precision-figures");
  // A new bot's knowledge is too small to measure: the manual threshold applies, and is shown.
  await expect(figures).toHaveAttribute("data-status", /too_small|calibrating/);
  await expect(model.getByLabel("Answer threshold")).toBeVisible();

  for (const [question, alternatives, answer] of SHOP_FAQ) await addFaq(page, { question, alternatives, answer });
  await botTab(page, "AI model");
  // Measured in the background a few seconds after the last change; the page looks again by itself.
  await expect(figures).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
  await expect(model.getByTestId("expected-precision")).toHaveText(/\d+ %/);

  const slider = model.getByRole("slider");
  await expect(slider).toHaveValue("0.9");
  await slider.focus();
  await page.keyboard.press("End");
  await expect(slider).toHaveValue("0.99");
  await expect(model.getByText("Aim: 99 % of answers right")).toBeVisible();
  const strict = [await model.getByTestId("expected-answer-rate").textContent(), await model.getByTestId("expected-precision").textContent()];
  await page.keyboard.press("Home");
  await expect(slider).toHaveValue("0.7");
  await expect(model.getByText("Aim: 70 % of answers right")).toBeVisible();
  const loose = [await model.getByTestId("expected-answer-rate").textContent(), await model.getByTestId("expected-precision").textContent()];
  // A lower aim answers at least as many questions, and the figures moved before anything was saved.
  expect(Number.parseInt(loose[0]!, 10)).toBeGreaterThanOrEqual(Number.parseInt(strict[0]!, 10));
  expect(loose).not.toEqual(strict);
  await expect(model.getByRole("img", { name: /Trade-off/ })).toBeVisible();

  await page.keyboard.press("ArrowRight");
  await expect(slider).toHaveValue("0.71");
  await model.getByRole("button", { name: "Save" }).click();
  await expect(model.getByText("Saved", { exact: true })).toBeVisible();
  // The tab is in the address: a reload opens it again.
  await page.reload();
  await expect(page.getByRole("tab", { name: "AI model" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("form", { name: "AI model" }).getByRole("slider")).toHaveValue("0.71");
});
