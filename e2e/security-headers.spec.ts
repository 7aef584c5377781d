import { type APIResponse, type Page } from "@playwright/test";
import { createBot, E2E, embedSnippet, expect, signUp, test } from "./fixtures";

// Security headers of each kind of response of both apps, the refusal of cross-site mutations,
// and that the CSP breaks nothing in a browser (docs/security.md).

const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

function expectBaseHeaders(response: APIResponse, options: { framable?: boolean; https?: boolean } = {}) {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  if (options.framable) expect(headers["x-frame-options"]).toBeUndefined();
  else expect(headers["x-frame-options"]).toBe("DENY");
  if (options.https) expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  else expect(headers["strict-transport-security"]).toBeUndefined();
}

/** The page's CSP nonce, after checking the policy and that every script of the HTML carries it. */
async function expectNonceCsp(response: APIResponse, frameAncestors: string): Promise<string> {
  const csp = response.headers()["content-security-policy"] ?? "";
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'(;|$)/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain(`frame-ancestors ${frameAncestors}`);
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  return nonce!;
}

async function publicIdOf(page: Page): Promise<string> {
  return (await embedSnippet(page)).publicId;
}

test("every kind of page and endpoint of both apps carries its security headers", async ({ page, tenant, request }) => {
  await signUp(page, tenant);
  await createBot(page, "Header check");
  const publicId = await publicIdOf(page);

  // Admin page: nonce CSP, a new nonce per response, never framed.
  const login = await request.get(`${E2E.adminUrl}/login`);
  expect(login.status()).toBe(200);
  expectBaseHeaders(login);
  const nonce = await expectNonceCsp(login, "'none'");
  expect(await expectNonceCsp(await request.get(`${E2E.adminUrl}/login`), "'none'")).not.toBe(nonce);
  expect(login.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");

  // Behind a TLS-terminating proxy: HSTS, and insecure subresources upgraded.
  const overHttps = await request.get(`${E2E.adminUrl}/login`, { headers: { "x-forwarded-proto": "https" } });
  expectBaseHeaders(overHttps, { https: true });
  expect(overHttps.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");

  // Admin API.
  for (const path of ["/api/trpc/bot.list", "/api/health/live", "/api/auth/session"]) {
    const response = await request.get(`${E2E.adminUrl}${path}`);
    expectBaseHeaders(response);
    expect(response.headers()["content-security-policy"], path).toBe(NON_PAGE_CSP);
  }

  // The widget page: framed by customers' sites, so any ancestor for now and no X-Frame-Options.
  const widget = await request.get(`${E2E.chatUrl}/widget/${publicId}`);
  expect(widget.status()).toBe(200);
  expectBaseHeaders(widget, { framable: true });
  await expectNonceCsp(widget, "*");

  // The hosted chat page and the chat app's home: never framed.
  for (const path of [`/c/${publicId}`, "/"]) {
    const response = await request.get(`${E2E.chatUrl}${path}`);
    expect(response.status(), path).toBe(200);
    expectBaseHeaders(response);
    await expectNonceCsp(response, "'none'");
  }

  // The loader: a script any site may load (no Cross-Origin-Resource-Policy), never sniffed.
  const loader = await request.get(`${E2E.chatUrl}/widget.js`);
  expect(loader.status()).toBe(200);
  expect(loader.headers()["content-type"]).toMatch(/javascript/);
  expect(loader.headers()["cross-origin-resource-policy"]).toBeUndefined();
  expectBaseHeaders(loader);

  // Chat API: tRPC and the loader's endpoint.
  const input = encodeURIComponent(JSON.stringify({ json: { botId: publicId } }));
  const trpc = await request.get(`${E2E.chatUrl}/api/trpc/widget.config?input=${input}`);
  expect(trpc.status()).toBe(200);
  expectBaseHeaders(trpc);
  expect(trpc.headers()["content-security-policy"]).toBe(NON_PAGE_CSP);
  const config = await request.get(`${E2E.chatUrl}/api/widget/${publicId}`);
  expectBaseHeaders(config);
  expect(config.headers()["content-security-policy"]).toBe(NON_PAGE_CSP);
});

test("the dashboard refuses mutations and sign-ins sent from another site", async ({ request }) => {
  const evil = "http://127.0.0.1:9";
  const mutation = (headers: Record<string, string>) =>
    request.post(`${E2E.adminUrl}/api/trpc/bot.create`, {
      data: JSON.stringify({ json: { name: "Forged" } }),
      headers: { "content-type": "application/json", ...headers },
    });
  for (const headers of [{ origin: evil }, { origin: "null" }, { referer: `${evil}/page` }]) {
    const refused = await mutation(headers);
    expect(refused.status(), JSON.stringify(headers)).toBe(403);
    const body = (await refused.json()) as { error: { json: { message: string; data: { code: string; reason: string } } } };
    expect(body.error.json.data).toMatchObject({ code: "FORBIDDEN", reason: "cross_origin" });
  }
  // From the dashboard itself it gets as far as asking who is signed in.
  expect((await mutation({ origin: E2E.adminUrl })).status()).toBe(401);

  const csrf = (await (await request.get(`${E2E.adminUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
  for (const path of ["/api/auth/callback/credentials", "/api/auth/signout"]) {
    const refused = await request.post(`${E2E.adminUrl}${path}`, {
      form: { csrfToken: csrf.csrfToken, email: "someone@acme.test", password: "correct horse battery", json: "true" },
      headers: { origin: evil },
    });
    expect(refused.status(), path).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "FORBIDDEN", reason: "cross_origin" } });
  }
});

test("with the CSP, the dashboard, hosted page and widget work; another site cannot frame the dashboard", async ({ page, tenant, context, hostPage }) => {
  const violations: string[] = [];
  const watch = (p: Page) =>
    p.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`${p.url()}: ${message.text()}`);
    });
  context.on("page", watch);
  watch(page);

  await signUp(page, tenant);
  await createBot(page, "CSP bot");
  const publicId = await publicIdOf(page);
  const { snippet } = await embedSnippet(page);

  const hosted = await context.newPage();
  await hosted.goto(`${E2E.chatUrl}/c/${publicId}`);
  await expect(hosted.getByRole("heading", { name: "CSP bot" })).toBeVisible();
  await hosted.getByLabel("Type your question…").fill("Hello?");
  await hosted.getByRole("button", { name: "Send" }).click();
  await expect(hosted.getByTestId("message-bot").last()).toBeVisible();

  const host = await context.newPage();
  await host.goto(await hostPage(snippet));
  await host.getByRole("button", { name: "Open chat" }).click();
  await expect(host.frameLocator("#kefu-frame").getByRole("heading", { name: "CSP bot" })).toBeVisible();
  expect(violations).toEqual([]);

  // The dashboard in a frame of another site: the browser refuses to render it.
  const framing = await context.newPage();
  const refusals: string[] = [];
  framing.on("console", (message) => refusals.push(message.text()));
  await framing.goto(await hostPage(`<iframe id="dashboard" src="${E2E.adminUrl}/bots"></iframe>`));
  await expect.poll(() => refusals.some((text) => /frame-ancestors 'none'/.test(text))).toBe(true);
  const frame = framing.frames().find((f) => f !== framing.mainFrame());
  expect(await frame?.locator("body").textContent().catch(() => "")).not.toContain("Your bots");
});
