import { addFaq, alerts, botTab, createBot, E2E, expect, signUp, test } from "./fixtures";

// A ZIP archive holding notes.txt ("hello"), as Python's zipfile writes it.
const ZIP_ARCHIVE = "UEsDBBQAAAAAALk4g12GphA2BQAAAAUAAAAJAAAAbm90ZXMudHh0aGVsbG9QSwECFAMUAAAAAAC5OINdhqYQNgUAAAAFAAAACQAAAAAAAAAAAAAAgAEAAAAAbm90ZXMudHh0UEsFBgAAAAABAAEANwAAACwAAAAAAA==";

test("one upload control, a second knowledge base, and search over the bot's knowledge", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Sources bot");
  await botTab(page, "Knowledge");

  // Markdown goes to knowledge.uploadFile; the title comes from its first heading.
  const upload = page.getByLabel("Upload a file");
  await upload.setInputFiles({ name: "warranty.md", mimeType: "text/markdown", buffer: Buffer.from("# Warranty\n\nEvery device has a two-year warranty.") });
  await expect(page.getByText("Added: Warranty")).toBeVisible();
  await expect(page.getByRole("list", { name: "Documents" })).toContainText("Warranty");
  // A CSV goes to the FAQ import.
  await upload.setInputFiles({ name: "faq.csv", mimeType: "text/csv", buffer: Buffer.from("问题,答案\n怎么退款？,请在订单页申请退款。\n") });
  await expect(page.getByText("1 FAQ entries imported")).toBeVisible();
  // A file is judged by its bytes, not its name: a ZIP archive named .pdf is refused, in the
  // dashboard's language.
  await upload.setInputFiles({ name: "manual.pdf", mimeType: "application/pdf", buffer: Buffer.from(ZIP_ARCHIVE, "base64") });
  await expect(alerts(page).filter({ hasText: "This file is not a PDF (it looks like a ZIP archive)." })).toBeVisible();
  await page.context().addCookies([{ name: "kefu-locale", value: "zh", url: E2E.adminUrl }]);
  await page.reload();
  // The file button speaks the dashboard's language (the browser's own would say "Choose Files").
  await expect(page.getByRole("button", { name: "选择文件" })).toBeVisible();
  await expect(page.getByText("或拖放到这里")).toBeVisible();
  await page.getByTestId("file-upload").setInputFiles({ name: "manual.pdf", mimeType: "application/pdf", buffer: Buffer.from(ZIP_ARCHIVE, "base64") });
  await expect(alerts(page).filter({ hasText: "这个文件不是 PDF 文件（看起来是 ZIP 压缩包）。" })).toBeVisible();
  await page.context().addCookies([{ name: "kefu-locale", value: "en", url: E2E.adminUrl }]);
  await page.reload();
  // Chosen with the dashboard's own button, or dropped on the area.
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Choose files" }).click();
  await (await chooser).setFiles({ name: "manual.pdf", mimeType: "application/pdf", buffer: Buffer.from(ZIP_ARCHIVE, "base64") });
  await expect(alerts(page).filter({ hasText: "This file is not a PDF (it looks like a ZIP archive)." })).toBeVisible();
  const dropped = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(["hello"], "contract.docx"));
    return data;
  });
  await page.getByText("or drop them here").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(alerts(page).filter({ hasText: "This file type is not supported" })).toBeVisible();
  await page.reload();
  // Anything else is refused before it is sent.
  await upload.setInputFiles({ name: "contract.docx", mimeType: "application/octet-stream", buffer: Buffer.from("PK") });
  await expect(alerts(page).filter({ hasText: "This file type is not supported" })).toBeVisible();

  // A second knowledge base: created from the bot page, linked to it, then chosen for new sources.
  const kbCard = page.getByRole("form", { name: "New knowledge base" });
  await kbCard.getByLabel("Knowledge base name").fill("Shipping");
  await kbCard.getByRole("button", { name: "New knowledge base" }).click();
  await expect(page.getByRole("list", { name: "Knowledge bases" })).toContainText("Shipping");
  await page.getByLabel("Add new sources to").selectOption({ label: "Shipping" });
  await addFaq(page, { question: "Do you ship abroad?", answer: "Yes, to 30 countries." });

  // Search finds sources of both knowledge bases, Chinese included, with the match marked.
  const search = page.getByRole("search", { name: "Search this bot's knowledge" });
  await search.getByLabel("Search this bot's knowledge").fill("退款");
  await search.getByRole("button", { name: "Search" }).click();
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results).toContainText("怎么退款？");
  await expect(results.locator("mark")).toHaveText("退款");
  await search.getByLabel("Search this bot's knowledge").fill("abroad");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(results).toContainText("Shipping");

  // Unlinking the second knowledge base removes its sources from this bot.
  await page.getByRole("button", { name: "Stop using: Shipping" }).click();
  await expect(page.getByRole("list", { name: "FAQ entries" })).not.toContainText("Do you ship abroad?");
});
