import { alerts, addFaq, createBot, expect, signUp, test } from "./fixtures";

test("create, edit and delete a bot with confirmation", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Support bot");

  const settings = page.getByRole("form", { name: "Save" });
  await settings.getByLabel("Name").fill("");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByText("Name is required.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Support bot" })).toBeVisible(); // the saved bot is intact

  await settings.getByLabel("Name").fill("Helpdesk");
  await settings.getByLabel("Greeting").fill("Hello from the helpdesk AI");
  await settings.getByLabel("Brand colour (hex)").fill("#0f766e");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Helpdesk" })).toBeVisible();
  await expect(settings.getByLabel("Greeting")).toHaveValue("Hello from the helpdesk AI");

  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("button", { name: "Delete bot" }).click();
  await expect(page.getByRole("heading", { name: "Helpdesk" })).toBeVisible(); // dismissed: still there

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete bot" }).click();
  await expect(page).toHaveURL(/\/bots$/);
  await expect(page.getByText("No bots yet")).toBeVisible();
});

test("knowledge: FAQ entries and a Markdown document, with clear errors", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Docs bot");
  await addFaq(page, { question: "How do I reset my password?", alternatives: ["forgot password"], answer: "Use the Forgot password link." });

  const faqForm = page.getByRole("form", { name: "Add FAQ entry" });
  await faqForm.getByLabel("Question").fill("What are your opening hours?");
  await faqForm.getByRole("button", { name: "Add FAQ entry" }).click();
  await expect(faqForm.getByText("Answer is required.")).toBeVisible();
  await expect(faqForm.getByLabel("Question")).toHaveValue("What are your opening hours?");

  const docForm = page.getByRole("form", { name: "Add document" });
  await docForm.getByLabel("Title").fill("Shipping policy");
  await docForm.getByLabel("Markdown content").fill("# Shipping\n\nWe ship worldwide within 5 business days.\n\n## Returns\n\nReturns are free within 30 days.");
  await docForm.getByRole("button", { name: "Add document" }).click();
  const docs = page.getByRole("list", { name: "Documents" });
  await expect(docs).toContainText("Shipping policy");
  // Indexed in the background: the badge goes Queued → Indexing → Ready.
  const docStatus = docs.getByRole("listitem").filter({ hasText: "Shipping policy" }).getByTestId("source-status");
  await expect(docStatus).toHaveText("Ready");

  // Replacing a document's text.
  await page.getByRole("button", { name: "Edit Shipping policy" }).click();
  const docEditor = page.getByRole("form", { name: "Save" }).filter({ has: page.getByLabel("Markdown content") });
  await expect(docEditor.getByLabel("Markdown content")).toHaveValue(/ship worldwide/);
  await docEditor.getByLabel("Title").fill("Shipping policy 2027");
  await docEditor.getByLabel("Markdown content").fill("# Shipping\n\nWe ship to 40 countries within 3 business days.");
  await docEditor.getByRole("button", { name: "Save" }).click();
  await expect(docs).toContainText("Shipping policy 2027");
  await expect(docStatus).toHaveText("Ready"); // re-indexed by the same background job

  // FAQ import from CSV through the one upload area: a file whose header names neither an FAQ
  // table nor an intent set asks which it is; taken as FAQ entries it is explained and imports
  // nothing; a good one (its header says it is an FAQ table) imports all rows at once.
  const csvInput = page.getByLabel("Upload a file");
  await csvInput.setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("title,body\nx,y\n") });
  await page.getByRole("group", { name: "What does this CSV file hold?" }).getByRole("button", { name: "FAQ entries (question, answer)" }).click();
  await expect(page.getByText('The first row must name the columns "question" and "answer"')).toBeVisible();
  await csvInput.setInputFiles({
    name: "faq.csv",
    mimeType: "text/csv",
    buffer: Buffer.from('question,answer,alternatives\n"Do you ship abroad?","Yes, to 30 countries.",ship overseas|international delivery\n'),
  });
  await expect(page.getByText("1 FAQ entries imported")).toBeVisible();
  await expect(page.getByRole("list", { name: "FAQ entries" })).toContainText("Do you ship abroad?");

  // Importing a web page refuses private and local addresses with a clear message.
  const urlForm = page.getByRole("form", { name: "Import a web page" });
  await urlForm.getByLabel("Page address (URL)").fill("http://localhost:3101/");
  await urlForm.getByRole("button", { name: "Import a web page" }).click();
  await expect(urlForm.getByText("Private and local addresses cannot be imported.")).toBeVisible();
  await expect(urlForm.getByLabel("Page address (URL)")).toHaveValue("http://localhost:3101/");

  // Inline edit of an FAQ entry.
  await page.getByRole("button", { name: "Edit How do I reset my password?" }).click();
  const editForm = page.getByRole("form", { name: "Save" }).filter({ has: page.getByLabel("Question") });
  await editForm.getByLabel("Answer").fill("Click 'Forgot password' on the sign-in page; the link is valid for one hour.");
  await editForm.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("list", { name: "FAQ entries" })).toContainText("valid for one hour");

  await page.getByRole("button", { name: "Delete How do I reset my password?" }).click();
  await expect(page.getByRole("list", { name: "FAQ entries" })).not.toContainText("reset my password");
});

test("an unknown bot id shows a clear message", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await page.goto("/bots/does-not-exist");
  await expect(alerts(page)).toHaveText("Bot not found.");
});

test("the bot page's sections are tabs: one at a time, kept in the address, used by keyboard", async ({ page, tenant }) => {
  await signUp(page, tenant);
  await createBot(page, "Tabbed bot");
  const tabs = page.getByRole("tablist", { name: "Bot sections" }).getByRole("tab");
  await expect(tabs).toHaveText(["Overview", "Knowledge", "Playground", "Rules", "Widget", "AI model"]);
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  // One panel, labelled by its tab; the others are not in the page.
  await expect(page.getByRole("tabpanel")).toHaveCount(1);
  await expect(page.getByRole("tabpanel", { name: "Overview" })).toContainText("Settings");
  await expect(page.getByRole("form", { name: "Add FAQ entry" })).toHaveCount(0);
  // A short page rather than every card stacked.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2000);

  // Arrow keys move between tabs (and select them); Home and End go to the ends.
  await page.getByRole("tab", { name: "Overview" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Knowledge" })).toBeFocused();
  await expect(page.getByRole("tab", { name: "Knowledge" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("form", { name: "Add FAQ entry" })).toBeVisible();
  await expect(page).toHaveURL(/\?tab=knowledge$/);
  await page.keyboard.press("End");
  await expect(page.getByRole("tab", { name: "AI model" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("form", { name: "AI model" })).toBeVisible();
  await page.keyboard.press("Home");
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await expect(page).not.toHaveURL(/tab=/);

  // A link to a tab opens it, and a reload keeps it.
  await page.goto(`${page.url()}?tab=widget`);
  await expect(page.getByRole("tab", { name: "Widget" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("embed-snippet")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("tab", { name: "Widget" })).toHaveAttribute("aria-selected", "true");
  // An unknown tab name falls back to the overview.
  await page.goto(page.url().replace("tab=widget", "tab=nonsense"));
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
});
