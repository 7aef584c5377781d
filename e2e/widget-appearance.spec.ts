import AxeBuilder from "@axe-core/playwright";
import { type Page } from "@playwright/test";
import { addFaq, createBot, embedSnippet, expect, hostedChatUrl, signUp, test } from "./fixtures";

/** WCAG 2.2 AA as axe checks it (as e2e/accessibility.spec.ts): serious and critical violations only. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

// The Widget tab's appearance: the live preview follows the form before anything is saved; once
// saved, the launcher on a customer's page and the widget it opens show it, and a suggested
// question is answered from the knowledge like a typed one.
test("theming a bot: the preview changes as you type, the saved look reaches the widget and its suggested question gets an answer", async ({ page, tenant, hostPage, context }) => {
  test.setTimeout(180_000);
  await signUp(page, tenant);
  await createBot(page, "Tea assistant");
  await addFaq(page, { question: "How long does shipping take?", alternatives: ["When will my parcel arrive"], answer: "Parcels arrive in 3 to 5 working days." });
  const { snippet } = await embedSnippet(page);

  const form = page.getByRole("form", { name: "Appearance" });
  const preview = page.getByTestId("appearance-preview");
  const previewHeader = preview.getByTestId("preview-panel").locator("header");
  await expect(preview.getByTestId("preview-launcher-place")).toHaveAttribute("data-side", "right");
  await expect(previewHeader.locator("h1")).toHaveText("Tea assistant");

  await form.getByRole("textbox", { name: "Brand colour (hex)" }).fill("#0f766e");
  await form.getByText("Bottom left").click();
  await form.getByLabel("Launcher label").fill("Chat with us");
  await form.getByLabel("Name in the widget header").fill("Tea helper");
  await form.getByLabel("Suggested question 1").fill("How long does shipping take?");

  // Before saving: the preview shows every change, and says they are not saved yet.
  await expect(page.getByTestId("appearance-unsaved")).toBeVisible();
  await expect(previewHeader).toHaveCSS("background-color", "rgb(15, 118, 110)");
  await expect(preview.getByTestId("preview-launcher-place")).toHaveAttribute("data-side", "left");
  await expect(preview.getByTestId("preview-launcher")).toHaveText("Chat with us");
  await expect(preview.getByTestId("preview-launcher")).toHaveCSS("background-color", "rgb(15, 118, 110)");
  await expect(previewHeader.locator("h1")).toHaveText("Tea helper");
  await expect(preview.getByTestId("suggested-question")).toHaveText(["How long does shipping take?"]);
  expect(await seriousViolations(page), "Widget tab with unsaved changes").toEqual([]);
  // On a dark page, in the dark dashboard: the widget in the preview stays light, as on a customer's site.
  await page.getByRole("radio", { name: "Dark" }).check();
  await expect(preview).toHaveAttribute("data-page", "dark");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(previewHeader).toHaveCSS("background-color", "rgb(15, 118, 110)");
  await expect(preview.getByTestId("suggested-question")).toHaveCSS("background-color", "rgb(255, 255, 255)");
  expect(await seriousViolations(page), "Widget tab, dark").toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });

  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved", { exact: true })).toBeVisible();
  await expect(page.getByTestId("appearance-unsaved")).toHaveCount(0);
  // Saved for good: a reload shows the same.
  await page.reload();
  await expect(page.getByRole("form", { name: "Appearance" }).getByLabel("Name in the widget header")).toHaveValue("Tea helper");

  // The customer's page: the launcher bottom left, 20 px from the edges, with its label first in its name.
  const host = await context.newPage();
  await host.goto(await hostPage(snippet));
  const launcher = host.getByRole("button", { name: "Chat with us (Open chat)" });
  await expect(launcher).toContainText("Chat with us");
  await expect(launcher).toHaveCSS("left", "20px");
  await expect(launcher).toHaveCSS("bottom", "20px");
  await expect(launcher).toHaveCSS("background-color", "rgb(15, 118, 110)");
  const box = (await launcher.boundingBox())!;
  expect(box.x).toBeLessThan(host.viewportSize()!.width / 2);
  await launcher.click();
  const chat = host.frameLocator("#kefu-frame");
  await expect(host.locator("#kefu-panel")).toHaveCSS("left", "20px");

  await expect(chat.getByRole("heading", { name: "Tea helper" })).toBeVisible();
  await expect(chat.getByTestId("suggested-question")).toBeVisible();
  expect(await seriousViolations(host), "themed widget with its suggested question").toEqual([]);
  const asked = chat.getByRole("group", { name: "Suggested questions" }).getByRole("button", { name: "How long does shipping take?" });
  await asked.click();
  await expect(chat.getByTestId("message-visitor").last()).toHaveText("How long does shipping take?");
  await expect(chat.getByTestId("message-bot").last()).toContainText("3 to 5 working days");
  // Offered before the first message only.
  await expect(chat.getByTestId("suggested-questions")).toHaveCount(0);
  expect(await seriousViolations(host), "themed widget with an answer").toEqual([]);

  // The hosted chat page offers them too.
  const hosted = await context.newPage();
  await hosted.goto(await hostedChatUrl(page));
  await expect(hosted.getByRole("heading", { name: "Tea helper" })).toBeVisible();
  await expect(hosted.getByTestId("suggested-question")).toHaveText(["How long does shipping take?"]);
  expect(await seriousViolations(hosted), "hosted page with suggested questions").toEqual([]);
});

test("the appearance form refuses what the widget could not show, and resets to the defaults", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Checked assistant");
  await embedSnippet(page);
  const form = page.getByRole("form", { name: "Appearance" });
  await form.getByLabel("Distance from the side (px)").fill("500");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("At most 200 px.")).toBeVisible();

  await form.getByRole("button", { name: "Reset to defaults" }).click();
  await expect(form.getByLabel("Distance from the side (px)")).toHaveValue("20");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved", { exact: true })).toBeVisible();
});
