import { makeTextPdf } from "@kefu/api/testing-pdf";
import { botTab, createBot, expect, hostedChatUrl, signUp, test } from "./fixtures";

test("a document → the playground explains the answer → the chat answers with its citation", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Policy bot");
  await botTab(page, "Knowledge");
  const docForm = page.getByRole("form", { name: "Add document" });
  await docForm.getByLabel("Title").fill("Warranty policy");
  await docForm
    .getByLabel("Markdown content")
    .fill("# Warranty\n\nEvery device has a two-year warranty covering manufacturing defects.\n\n## Claims\n\nStart a claim from the Orders page with your serial number.");
  await docForm.getByRole("button", { name: "Add document" }).click();
  // Documents are indexed in the background: wait for this one's status badge to read Ready.
  const docs = page.getByRole("list", { name: "Documents" });
  const statusOf = (title: string) => docs.getByRole("listitem").filter({ hasText: title }).getByTestId("source-status");
  await expect(statusOf("Warranty policy")).toHaveText("Ready");

  await page.getByLabel("Upload a file").setInputFiles({
    name: "returns.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(makeTextPdf(["Returns", "Unused items can be returned within 30 days for a full refund."])),
  });
  await expect(docs).toContainText("returns");
  await expect(statusOf("returns")).toHaveText("Ready");
  // Judged by its bytes: text named .pdf is not a PDF.
  await page.getByLabel("Upload a file").setInputFiles({ name: "fake.pdf", mimeType: "application/pdf", buffer: Buffer.from("not a pdf") });
  await expect(page.getByText("This file is not a PDF (it looks like text).")).toBeVisible();

  await botTab(page, "Playground");
  const playground = page.getByRole("form", { name: "Playground" });
  await playground.getByLabel("Question to try").fill("how long is the warranty on a device?");
  await playground.getByRole("button", { name: "Try" }).click();
  await expect(page.getByTestId("playground-decision")).toHaveText("Would answer");
  await expect(page.getByTestId("playground-answer")).toContainText("two-year warranty");
  const topPassage = page.getByRole("list", { name: "Retrieved passages" }).getByRole("listitem").first();
  await expect(topPassage).toContainText("Warranty policy");
  // The knowledge base's source classifier (short passages, two sources) adds its evidence.
  await expect(topPassage).toContainText(/learned match [01]\.\d\d/);

  await playground.getByLabel("Question to try").fill("what is the capital of Peru?");
  await playground.getByRole("button", { name: "Try" }).click();
  await expect(page.getByTestId("playground-decision")).toContainText("doesn't know");

  await playground.getByLabel("Question to try").fill("can unused items be returned?");
  await playground.getByRole("button", { name: "Try" }).click();
  await expect(page.getByTestId("playground-answer")).toContainText("within 30 days");

  const hostedUrl = await hostedChatUrl(page);
  await page.goto(hostedUrl);
  await page.getByLabel("Type your question…").fill("how long is the warranty on a device?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("message-bot").last()).toContainText("two-year warranty");
  await expect(page.getByTestId("citations").last()).toContainText("Warranty policy");
});
