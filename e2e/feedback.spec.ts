import { addFaq, alerts, createBot, embedSnippet, expect, openWidget, signUp, test } from "./fixtures";

// Visitor feedback end to end: a thumbs down with a reason under an answer in the widget, a
// person resolves the chat and the visitor rates it with a comment; the agent sees both, live.

test("a visitor thumbs-downs an answer with a reason, rates the resolved chat with a comment, and the agent sees both", async ({
  page: agent,
  tenant,
  hostPage,
  context,
}) => {
  test.setTimeout(120_000);
  await signUp(agent, tenant);
  await createBot(agent, "Feedback shop");
  await addFaq(agent, { question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  const { snippet } = await embedSnippet(agent);

  // The agent is online, so the visitor's handoff comes straight to them.
  await agent.getByRole("link", { name: "Inbox", exact: true }).click();
  await agent.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(agent.getByRole("radio", { name: "Online" })).toBeChecked();

  // --- The visitor gets an answer and votes on it: up, then changes to down with a reason.
  const { host, chat } = await openWidget(context, await hostPage(snippet));
  await chat.getByLabel("Type your question…").fill("How long does shipping take?");
  await chat.getByRole("button", { name: "Send" }).click();
  const answer = chat.getByTestId("message-bot").last();
  await expect(answer).toContainText("3 to 5 business days");
  const vote = answer.getByRole("group", { name: "Was this answer helpful?" });
  await vote.getByRole("button", { name: "Helpful", exact: true }).click();
  await expect(vote.getByRole("button", { name: "Helpful", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(answer.getByTestId("feedback-thanks")).toHaveText("Thanks for your feedback.");
  await vote.getByRole("button", { name: "Not helpful" }).click();
  await expect(vote.getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "true");
  await expect(vote.getByRole("button", { name: "Helpful", exact: true })).toHaveAttribute("aria-pressed", "false");
  const why = answer.getByTestId("feedback-reasons");
  await why.getByLabel("Incomplete").check();
  await why.getByLabel("Tell us more (optional)").fill("What about the islands?");
  await why.getByRole("button", { name: "Send" }).click();
  await expect(answer.getByTestId("feedback-thanks")).toBeVisible();
  await expect(answer.getByTestId("feedback-reasons")).toHaveCount(0);

  // The vote is shown again after a reload.
  await host.reload();
  if (!(await host.locator("#kefu-frame").isVisible())) await host.getByRole("button", { name: "Open chat" }).click();
  await expect(chat.getByTestId("message-bot").last().getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "true");

  // --- A person takes over; the agent sees the vote under the answer.
  await chat.getByRole("button", { name: "Talk to a person" }).first().click();
  await expect(chat.getByTestId("chat-status")).toBeVisible();
  await expect(agent.getByTestId("inbox-count-mine")).toHaveText("1");
  await agent.getByRole("tab", { name: /^Mine/ }).click();
  await agent.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expect(agent).toHaveURL(/\/inbox\/[^/]+$/);
  const log = agent.getByRole("log", { name: "Transcript" });
  const vote4agent = log.getByTestId("inbox-message-bot").filter({ hasText: "3 to 5 business days" }).getByTestId("inbox-answer-feedback");
  await expect(vote4agent).toContainText("Visitor: not helpful");
  await expect(vote4agent).toContainText("Incomplete");
  await expect(vote4agent).toContainText("What about the islands?");

  // --- The agent resolves; the visitor rates with a comment; the agent sees it without a reload.
  await agent.getByRole("button", { name: "Resolve" }).click();
  await expect(agent.getByTestId("inbox-status")).toHaveText("Resolved");
  const survey = chat.getByTestId("rating-prompt");
  await survey.getByRole("group", { name: "How did we do?" }).getByRole("button", { name: "4 of 5" }).click();
  await expect(survey.getByRole("button", { name: "4 of 5" })).toHaveAttribute("aria-pressed", "true");
  await expect(agent.getByText("4 of 5")).toBeVisible();
  await survey.getByLabel("Anything else you'd like to tell us? (optional)").fill("Quick and kind");
  await survey.getByRole("button", { name: "Send rating" }).click();
  await expect(chat.getByText("Thanks for your feedback!")).toBeVisible();
  await expect(agent.getByTestId("inbox-rating-comment")).toHaveText("Quick and kind");
  await expect(alerts(agent)).toHaveCount(0);
  await expect(alerts(chat)).toHaveCount(0);
});

test("closing the widget with × asks for a rating once there was an answer; a second × closes without one", async ({ page: owner, tenant, hostPage, context }) => {
  await signUp(owner, tenant);
  await createBot(owner, "Closing shop");
  await addFaq(owner, { question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  const { snippet } = await embedSnippet(owner);
  const { host, chat } = await openWidget(context, await hostPage(snippet));
  const panel = host.locator("#kefu-panel");
  const close = chat.getByRole("button", { name: "Close chat" });
  const survey = chat.getByTestId("rating-prompt");

  // Nothing answered yet: × closes at once.
  await expect(chat.getByRole("heading", { name: "Closing shop" })).toBeVisible();
  await close.click();
  await expect(panel).toBeHidden();

  await host.getByRole("button", { name: "Open chat" }).click();
  await chat.getByLabel("Type your question…").fill("How long does shipping take?");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByTestId("message-bot").last()).toContainText("3 to 5 business days");

  // An answer, no rating: × shows the survey (with the focus) and the widget stays open; a second × closes it.
  await close.click();
  await expect(survey).toBeVisible();
  await expect(survey.getByRole("button", { name: "1 of 5" })).toBeFocused();
  await expect(panel).toBeVisible();
  await close.click();
  await expect(panel).toBeHidden();

  // Still not rated: asked again; a star is stored (the conversation ends with it), then × closes at once.
  await host.getByRole("button", { name: "Open chat" }).click();
  await close.click();
  await survey.getByRole("group", { name: "How did we do?" }).getByRole("button", { name: "5 of 5" }).click();
  await expect(survey.getByRole("button", { name: "5 of 5" })).toHaveAttribute("aria-pressed", "true");
  await expect(alerts(chat)).toHaveCount(0);
  await close.click();
  await expect(panel).toBeHidden();
});

test("in a long conversation the rating prompt scrolls into view when a person resolves it, and so does its comment box", async ({ page: agent, tenant, hostPage, context }) => {
  test.setTimeout(120_000);
  await signUp(agent, tenant);
  await createBot(agent, "Long chat shop");
  await addFaq(agent, { question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  const { snippet } = await embedSnippet(agent);
  await agent.getByRole("link", { name: "Inbox", exact: true }).click();
  await agent.getByRole("radiogroup", { name: "Your status" }).getByText("Online").click();
  await expect(agent.getByRole("radio", { name: "Online" })).toBeChecked();

  // More answers than the open widget has room for.
  const { chat } = await openWidget(context, await hostPage(snippet));
  for (let i = 1; i <= 4; i++) {
    await chat.getByLabel("Type your question…").fill(`How long does shipping take? (${i})`);
    await chat.getByRole("button", { name: "Send" }).click();
    await expect(chat.getByTestId("message-bot").filter({ hasText: "3 to 5 business days" })).toHaveCount(i);
  }
  await chat.getByRole("button", { name: "Talk to a person" }).first().click();
  await expect(agent.getByTestId("inbox-count-mine")).toHaveText("1");
  await agent.getByRole("tab", { name: /^Mine/ }).click();
  await agent.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await agent.getByRole("button", { name: "Resolve" }).click();
  await expect(agent.getByTestId("inbox-status")).toHaveText("Resolved");

  // The stars are seen whole without scrolling, then the comment box and its button.
  const survey = chat.getByTestId("rating-prompt");
  await expect(survey.getByRole("group", { name: "How did we do?" })).toBeInViewport({ ratio: 1 });
  await survey.getByRole("button", { name: "4 of 5" }).click();
  await expect(survey.getByRole("button", { name: "Send rating" })).toBeInViewport({ ratio: 1 });
});
