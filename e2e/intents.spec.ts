import { botTab, createBot, E2E, expect, signUp, test } from "./fixtures";

const NLU = `version: "3.1"
nlu:
- intent: track_parcel
  examples: |
    - where is my parcel
    - track my parcel to [Beijing](city)
    - has my parcel shipped yet
- intent: opening_hours
  examples: |
    - when do you open
    - what are your opening hours
    - are you open on sunday
`;
const DOMAIN = `version: "3.1"
responses:
  utter_track_parcel:
  - text: "Track your parcel on the Orders page."
`;

test("intent import: bad rows listed, then nlu.yml + domain.yml previewed and imported; an intent without an answer is marked and answered", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Intents bot");
  await botTab(page, "Knowledge");
  const importer = page.getByTestId("intent-import");
  // Intent sets go through the knowledge tab's one upload area, which tells them by their header.
  const input = page.getByLabel("Upload a file");

  // A CSV with bad rows: each listed with its line, and nothing to confirm.
  await input.setInputFiles({ name: "intents.csv", mimeType: "text/csv", buffer: Buffer.from("utterance,label\nhello,greet\n,greet\nbye,\n") });
  const problems = importer.getByRole("alert");
  await expect(problems).toContainText("2 rows to fix. Nothing is imported until the file has none.");
  await expect(problems.getByRole("row").filter({ hasText: "The phrasing is empty" })).toContainText("3");
  await expect(problems.getByRole("row").filter({ hasText: "The label is empty" })).toContainText("4");
  await expect(importer.getByRole("button", { name: /Import \d+ intents/ })).toHaveCount(0);

  // Rasa training data with its domain: a preview of each label, then the import.
  await input.setInputFiles([
    { name: "nlu.yml", mimeType: "application/yaml", buffer: Buffer.from(NLU) },
    { name: "domain.yml", mimeType: "application/yaml", buffer: Buffer.from(DOMAIN) },
  ]);
  await expect(page.getByTestId("intent-summary")).toHaveText("2 labels, 6 phrasings read: 2 new entries, 0 existing entries matched, 1 need an answer.");
  const table = importer.getByRole("table", { name: "Labels in the file" });
  await expect(table.getByRole("row").filter({ hasText: "track_parcel" })).toContainText("track my parcel to Beijing");
  await expect(table.getByRole("row").filter({ hasText: "track_parcel" })).toContainText("From the file");
  await expect(table.getByRole("row").filter({ hasText: "opening_hours" })).toContainText("Needs an answer");
  await importer.getByRole("button", { name: "Import 2 intents" }).click();
  // A success is a status, not an alert.
  await expect(importer.getByRole("status").filter({ hasText: "Imported: 2 new entries, 0 updated, 6 phrasings added." })).toContainText("1 entries need an answer");

  const faqs = page.getByRole("list", { name: "FAQ entries" });
  const hours = faqs.getByRole("listitem").filter({ hasText: "when do you open" });
  await expect(hours.getByTestId("needs-answer")).toContainText("Needs an answer");
  await expect(hours).toContainText("opening_hours");
  // The playground does not answer from it yet.
  await botTab(page, "Playground");
  const playground = page.getByRole("form", { name: "Playground" });
  await playground.getByLabel("Question to try").fill("what time do you open on sunday?");
  await playground.getByRole("button", { name: "Try" }).click();
  await expect(page.getByTestId("playground-decision")).not.toHaveText("Would answer");

  await botTab(page, "Knowledge");
  await hours.getByRole("button", { name: "Write the answer when do you open" }).click();
  const form = faqs.getByRole("form", { name: "Save" });
  await expect(form).toContainText("3 of 1,000 phrasings (one per line)");
  await form.getByLabel("Answer").fill("We open at 9am, Sunday included.");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(faqs.getByTestId("needs-answer")).toHaveCount(0);
  // Another question: the playground keeps the answer it gave to the same one.
  await botTab(page, "Playground");
  await playground.getByLabel("Question to try").fill("when do you open on sunday");
  await playground.getByRole("button", { name: "Try" }).click();
  await expect(page.getByTestId("playground-answer")).toContainText("We open at 9am");

  // Importing the same file again adds nothing new: both labels merge into their entries.
  await botTab(page, "Knowledge");
  await input.setInputFiles({ name: "nlu.yml", mimeType: "application/yaml", buffer: Buffer.from(NLU) });
  await expect(page.getByTestId("intent-summary")).toHaveText("2 labels, 6 phrasings read: 0 new entries, 2 existing entries matched, 0 need an answer.");

  // In Chinese.
  await page.context().addCookies([{ name: "kefu-locale", value: "zh", url: E2E.adminUrl }]);
  await page.reload();
  // A headerless CSV could be either kind: the upload asks, in the dashboard's language.
  await page.getByLabel("上传文件").setInputFiles({ name: "意图.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF我想退款,退款\n怎么退钱,退款\n") });
  await page.getByRole("group", { name: "这个 CSV 文件里是什么？" }).getByRole("button", { name: "意图训练语句（问法、标签）" }).click();
  await expect(page.getByTestId("intent-summary")).toHaveText("共 1 个标签、2 条问法：新建 1 条 FAQ，匹配已有 FAQ 0 条，1 条还缺答案。");
  await expect(page.getByRole("button", { name: "导入 1 个意图" })).toBeVisible();
});
