import { addFaq, alerts, botTab, createBot, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// A bot's pre-chat form: configured on the Widget tab, filled in the widget before the first
// message (checked, never asked twice), and its answers beside the conversation in the inbox.
test("the widget asks the bot's pre-chat form first, refuses it empty, starts the chat once filled, does not ask again, and the agent sees the answers", async ({
  page,
  tenant,
  hostPage,
  context,
}) => {
  test.setTimeout(150_000);
  await signUp(page, tenant);
  await createBot(page, "Form shop");
  await addFaq(page, { question: "How long does shipping take?", answer: "Orders arrive within 3 to 5 business days." });
  const { snippet } = await embedSnippet(page);

  // --- Widget tab: name required, e-mail optional, phone not asked, a required list of plans.
  await botTab(page, "Widget");
  const settings = page.getByRole("form", { name: "Pre-chat form" });
  await settings.getByLabel("Show the form before the first message").check();
  await settings.getByTestId("prechat-mode-name").selectOption("required");
  await settings.getByTestId("prechat-mode-email").selectOption("optional");
  await settings.getByTestId("prechat-mode-phone").selectOption("off");
  await settings.getByRole("button", { name: "Add a field" }).click();
  const custom = settings.getByTestId("prechat-custom-field");
  await custom.getByLabel("Label").fill("Your plan");
  await custom.getByLabel("Key").fill("plan");
  await custom.getByLabel("Type").selectOption("select");
  await custom.getByLabel("Choices, one per line").fill("Free\nPro");
  await custom.getByLabel("Required").check();
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(page.getByRole("form", { name: "Pre-chat form" }).getByTestId("prechat-custom-field").getByLabel("Key")).toHaveValue("plan");

  // The owner takes conversations in the inbox.
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  await page.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(page.getByRole("radio", { name: "Online" })).toBeChecked();

  // --- The visitor: the form, not the message box.
  const hostUrl = await hostPage(snippet);
  const { host, chat } = await openWidget(context, hostUrl);
  const form = chat.getByRole("form", { name: "Before we start" });
  await expect(form).toBeVisible();
  await expect(chat.getByLabel("Type your question…")).toHaveCount(0);
  await expect(chat.getByRole("button", { name: "Talk to a person" })).toHaveCount(0);
  await expect(form.getByLabel("E-mail")).toBeVisible();
  await expect(form.getByText("(optional)")).toHaveCount(1);

  // Sent empty: announced, each required field says so, the keyboard lands on the first.
  await form.getByRole("button", { name: "Start chat" }).click();
  await expect(alerts(chat)).toHaveText("Please check the fields marked below.");
  await expect(chat.getByTestId("prechat-error-name")).toHaveText("Please fill this in.");
  await expect(chat.getByTestId("prechat-error-plan")).toHaveText("Please fill this in.");
  await expect(form.getByLabel("Name")).toBeFocused();
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-describedby", "kefu-prechat-name-error");

  // A malformed e-mail is caught too; then filled properly, the chat starts.
  await form.getByLabel("Name").fill("Ada Lovelace");
  await form.getByLabel("E-mail").fill("ada@");
  await form.getByLabel("Your plan").selectOption("Pro");
  await form.getByRole("button", { name: "Start chat" }).click();
  await expect(chat.getByTestId("prechat-error-email")).toContainText("name@example.com");
  await expect(form.getByLabel("E-mail")).toBeFocused();
  await form.getByLabel("E-mail").fill("ada@example.com");
  await form.getByRole("button", { name: "Start chat" }).click();
  await expect(form).toHaveCount(0);
  const box = chat.getByLabel("Type your question…");
  await expect(box).toBeFocused();
  await box.fill("How long does shipping take?");
  await chat.getByRole("button", { name: "Send", exact: true }).click();
  await expect(chat.getByTestId("message-bot").last()).toContainText("3 to 5 business days");

  // --- A reload: the same visitor, not asked again.
  await host.reload();
  await host.getByRole("button", { name: /chat/ }).first().waitFor();
  if (!(await host.locator("#kefu-frame").isVisible())) await host.getByRole("button", { name: "Open chat" }).click();
  await expect(chat.getByTestId("message-visitor").first()).toHaveText("How long does shipping take?");
  await expect(chat.getByRole("form", { name: "Before we start" })).toHaveCount(0);
  await expect(chat.getByLabel("Type your question…")).toBeVisible();

  // --- A person: the agent reads the answers beside the conversation, marked as typed by the visitor.
  await chat.getByRole("button", { name: "Talk to a person" }).click();
  await expect(page.getByTestId("inbox-count-mine")).toHaveText("1");
  await page.getByRole("tab").filter({ has: page.getByTestId("inbox-count-mine") }).click();
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  const answers = page.getByTestId("prechat-answers");
  await expect(answers).toBeVisible();
  await expect(answers.getByRole("row", { name: /Name/ })).toContainText("Ada Lovelace");
  await expect(answers.getByRole("row", { name: /E-mail/ })).toContainText("ada@example.com");
  await expect(answers.getByRole("row", { name: /Your plan/ })).toContainText("Pro");
  await expect(page.getByTestId("prechat-answers-mark")).toHaveAttribute("data-verified", "false");
});
