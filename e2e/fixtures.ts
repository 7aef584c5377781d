import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { test as base, expect, type BrowserContext, type FrameLocator, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";

export interface Tenant {
  company: string;
  email: string;
  password: string;
}

/** Serves a third-party page on its own origin whose body is only the given HTML. */
async function serveHostPage(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><title>ACME store</title></head><body><h1>ACME store</h1>${html}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // 127.0.0.1 vs the apps' localhost: a different origin, as on a customer's site.
  return { url: `http://127.0.0.1:${port}/`, server };
}

/** The page's own alerts (Next.js adds an empty route announcer with role=alert). */
export function alerts(scope: Page | FrameLocator) {
  return scope.locator('[role="alert"]:not(#__next-route-announcer__)');
}

export async function signUp(page: Page, tenant: Tenant) {
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(tenant.company);
  await page.getByLabel("Email").fill(tenant.email);
  await page.getByLabel("Password").fill(tenant.password);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/bots$/);
  await expect(page.getByTestId("workspace-name")).toContainText(tenant.company);
}

export async function createBot(page: Page, name: string, language: "en" | "zh" = "en") {
  await page.goto("/bots");
  await page.getByRole("button", { name: "New bot" }).click();
  const form = page.getByRole("form", { name: "Create bot" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Language").selectOption(language);
  await form.getByRole("button", { name: "Create bot" }).click();
  await expect(page).toHaveURL(/\/bots\/[^/]+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

/** The bot page's tabs, by their English names. */
export type BotTabName = "Overview" | "Knowledge" | "Playground" | "Rules" | "Widget" | "AI model";

/** Opens a tab of the bot page (a no-op when it is open already). */
export async function botTab(page: Page, name: BotTabName) {
  const tab = page.getByRole("tablist", { name: "Bot sections" }).getByRole("tab", { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
}

/** Adds an FAQ entry on the bot page's Knowledge tab (which it opens). */
export async function addFaq(page: Page, faq: { question: string; alternatives?: readonly string[]; answer: string }) {
  await botTab(page, "Knowledge");
  const form = page.getByRole("form", { name: "Add FAQ entry" });
  await form.getByLabel("Question").fill(faq.question);
  await form.getByLabel("Other ways to ask (one per line)").fill((faq.alternatives ?? []).join("\n"));
  await form.getByLabel("Answer").fill(faq.answer);
  await form.getByRole("button", { name: "Add FAQ entry" }).click();
  await expect(page.getByRole("list", { name: "FAQ entries" })).toContainText(faq.question);
}

/** The bot page's embed snippet (Widget tab), and the bot's public id in it (for the hosted chat page). */
export async function embedSnippet(page: Page): Promise<{ snippet: string; publicId: string }> {
  await botTab(page, "Widget");
  const snippet = (await page.getByTestId("embed-snippet").textContent())!;
  return { snippet, publicId: snippet.match(/bot_[A-Za-z0-9]{20}/)![0] };
}

/** The bot's hosted chat page address (bot page, Widget tab). */
export async function hostedChatUrl(page: Page): Promise<string> {
  await botTab(page, "Widget");
  return (await page.getByTestId("hosted-url").textContent())!;
}

/** A customer's page (another origin) with the snippet, the widget opened: the page and the widget's frame. */
export async function openWidget(context: BrowserContext, hostUrl: string): Promise<{ host: Page; chat: FrameLocator }> {
  const host = await context.newPage();
  await host.goto(hostUrl);
  await host.getByRole("button", { name: "Open chat" }).click();
  return { host, chat: host.frameLocator("#kefu-frame") };
}

/** Adds an OpenAI-compatible AI provider (e.g. a loopback test server) on the AI providers page. */
export async function addOpenAiProvider(page: Page, name: string, baseUrl: string) {
  await page.getByRole("link", { name: "AI providers" }).click();
  await page.getByRole("button", { name: "Add provider" }).click();
  const provider = page.getByRole("form", { name: "New AI provider" });
  await provider.getByLabel("Name").fill(name);
  await provider.getByLabel("Type").selectOption("OPENAI_COMPATIBLE");
  await provider.getByLabel("Base URL").fill(baseUrl);
  await provider.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByRole("list", { name: "AI providers" })).toContainText(name);
}

export const test = base.extend<{ tenant: Tenant; hostPage: (html: string) => Promise<string> }>({
  tenant: async ({}, use, testInfo) => {
    const id = `${testInfo.workerIndex}-${Date.now().toString(36)}`;
    await use({ company: `Acme ${id}`, email: `owner-${id}@acme.test`, password: "correct horse battery" });
  },
  hostPage: async ({}, use) => {
    const servers: Server[] = [];
    await use(async (html) => {
      const { url, server } = await serveHostPage(html);
      servers.push(server);
      return url;
    });
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  },
});

export { expect, E2E };
