import { readFile } from "node:fs/promises";
import { addFaq, botTab, createBot, E2E, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// Privacy end to end: a notice set in the bot's Privacy card is shown by the widget before the
// visitor's first message; the owner exports the visitor's data (valid JSON with their message),
// deletes it, and the conversation is gone; the retention period is set under Settings → Privacy.
test("privacy notice in the widget, visitor data exported and deleted, retention set", async ({ page, tenant, hostPage, context }) => {
  await signUp(page, tenant);
  await createBot(page, "Privacy assistant");
  await addFaq(page, { question: "How long does shipping take?", answer: "Orders arrive within 3 to 5 business days." });

  await botTab(page, "Widget");
  const privacy = page.getByRole("form", { name: "Privacy", exact: true });
  await privacy.getByLabel("Privacy notice for visitors").fill("We keep chat transcripts for 30 days to answer you.");
  await privacy.getByLabel("Link to your privacy policy (optional)").fill("https://acme.example/privacy");
  await privacy.getByRole("button", { name: "Save" }).click();
  await expect(privacy.getByRole("status")).toBeVisible();

  const { snippet } = await embedSnippet(page);
  const { chat } = await openWidget(context, await hostPage(snippet));
  const notice = chat.getByTestId("privacy-notice");
  await expect(notice).toContainText("We keep chat transcripts for 30 days to answer you.");
  await expect(notice.getByRole("link", { name: "Privacy policy" })).toHaveAttribute("href", "https://acme.example/privacy");
  await chat.getByLabel("Type your question…").fill("How long does shipping take for parcel 88123?");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-bot").last()).toContainText("3 to 5 business days");
  // Shown before the first message only.
  await expect(notice).toBeHidden();

  // The hosted chat page shows it too, to a new visitor.
  const publicId = snippet.match(/bot_[A-Za-z0-9]{20}/)![0];
  const hosted = await context.newPage();
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  await expect(hosted.getByTestId("privacy-notice")).toContainText("We keep chat transcripts for 30 days to answer you.");
  await hosted.close();

  // Export from the conversation's page: a JSON download with the visitor's message.
  await page.getByRole("link", { name: "Conversations" }).click();
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expect(page.getByTestId("transcript-visitor")).toHaveText(/parcel 88123/);
  const conversationUrl = page.url();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export visitor data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^visitor-[a-z0-9]+\.json$/);
  const exported = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    format: string;
    conversations: { messages: { role: string; content: string }[] }[];
  };
  expect(exported.format).toBe("kefu.visitor-export.v1");
  expect(exported.conversations[0]!.messages).toEqual(
    expect.arrayContaining([expect.objectContaining({ role: "VISITOR", content: "How long does shipping take for parcel 88123?" })]),
  );

  // Delete, after the confirmation: back to the list, and the conversation is gone.
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("cannot be undone");
    void dialog.accept();
  });
  await page.getByRole("button", { name: "Delete visitor data" }).click();
  await expect(page).toHaveURL(/\/conversations$/);
  await expect(page.getByRole("list", { name: "Conversations" }).getByRole("link")).toHaveCount(0);
  await page.goto(conversationUrl);
  await expect(page.getByRole("alert").filter({ hasText: "not found" })).toBeVisible();

  // The owner sets a retention period; the purge log starts empty.
  await page.getByRole("link", { name: "Privacy", exact: true }).click();
  const retention = page.getByRole("form", { name: "Data retention" });
  await retention.getByLabel("Keep for (days)").fill("90");
  await retention.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("retention-current")).toHaveText("Current setting: 90 days");
  await expect(page.getByText("Nothing has been purged yet.")).toBeVisible();
  await page.reload();
  await expect(retention.getByLabel("Keep for (days)")).toHaveValue("90");
});
