import { expect, signUp, test } from "./fixtures";

// A new owner with no bots tries the product on demo data in their own workspace, then removes it.
test("a new owner explores with demo data, sees it seeded with progress, and removes it again", async ({ page, tenant }) => {
  test.setTimeout(300_000);
  await signUp(page, tenant);
  await page.goto("/bots");
  const offer = page.getByTestId("demo-offer");
  await expect(offer).toContainText("Explore with demo data");
  await offer.getByRole("button", { name: "Explore with demo data" }).click();
  await expect(page.getByTestId("demo-progress")).toBeVisible();
  await expect(page.getByTestId("demo-progress").getByRole("status")).toHaveText(/Creating the sample bots|Indexing|Playing the sample conversations|Updating the analytics/);

  const bots = page.getByRole("list", { name: "Your bots" });
  await expect(bots.getByRole("link")).toHaveCount(2, { timeout: 240_000 });
  await expect(bots).toContainText("Tea Shop Assistant");
  await expect(bots).toContainText("茶铺小助手");
  await expect(page.getByTestId("demo-present")).toContainText("2 sample bots");
  await expect(page.getByTestId("demo-offer")).toHaveCount(0);

  // The sample conversations are in the workspace: one waits in the inbox.
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  await expect(page.getByTestId("inbox-count-unassigned")).not.toHaveText(/^(0|–)$/);

  await page.getByRole("link", { name: "Bots", exact: true }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Remove demo data" }).click();
  await expect(page.getByTestId("demo-removed")).toHaveText("The demo data was removed.");
  await expect(bots.getByRole("link")).toHaveCount(0);
  await expect(page.getByTestId("empty-state")).toBeVisible();
});
