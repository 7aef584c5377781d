// `npm run screenshots`: the pictures in docs/screenshots (shown in the README). Starts the product
// as `npm start -- --demo` does, on a fresh data folder and ports of its own (scripts/product-harness),
// signs in to the demo workspace, and photographs the dashboard and the widget in English and Chinese
// with the Chromium the end-to-end tests use. Then stops the product and removes its data folder.
// PNGs are reduced to a 256-colour palette with sharp (libimagequant), already installed with Next.js.
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "@playwright/test";
import sharp from "sharp";
import { embedSnippet } from "@kefu/domain";
import { signIn, startProduct, waitUntil, type Product } from "./product-harness.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "docs", "screenshots");
const DESKTOP = { width: 1440, height: 900 };
const MOBILE = { width: 390, height: 844 };
type Lang = "en" | "zh";

/**
 * What each language's widget is asked: a question answered with a citation, then candidates for a
 * question the bot is unsure of, until one gets "did you mean" quick replies.
 */
const QUESTIONS: Record<Lang, { bot: string; answer: string; unsure: string[]; playground: string }> = {
  en: { bot: "Tea Shop Assistant", answer: "How should I store tea?", unsure: ["green tea water temperature", "shipping", "tea"], playground: "How long does shipping take?" },
  zh: { bot: "茶铺小助手", answer: "泡绿茶用多少度的水？", unsure: ["多久", "多久到", "水温", "怎么泡", "茶", "快递", "时间", "绿茶水温"], playground: "下单后多久发货？" },
};

function log(line: string) {
  console.log(`[screenshots] ${line}`);
}

async function save(page: Page, name: string) {
  // Animations and the caret off, fonts loaded: the same picture every time.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  const raw = await page.screenshot({ animations: "disabled", caret: "hide" });
  const file = path.join(outDir, `${name}.png`);
  await sharp(raw).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toFile(file);
  log(`${path.relative(root, file)}  ${(statSync(file).size / 1024).toFixed(0)} KB`);
}

/** A customer's page on another origin (127.0.0.1 vs localhost) with the embed snippet. */
async function hostPage(snippet: string, lang: Lang): Promise<{ url: string; server: Server }> {
  const body =
    lang === "zh"
      ? "<h1>港叶茶铺</h1><p>精选绿茶、红茶、乌龙茶与普洱，产地直发。</p>"
      : "<h1>Harbor Leaf Tea</h1><p>Green, black, oolong and pu-erh teas, shipped from the garden.</p>";
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Harbor Leaf Tea</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;padding:48px 40px;color:#1e293b;background:#f8fafc}h1{margin:0 0 12px}</style></head>
<body>${body}${snippet}</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function newContext(browser: Browser, lang: Lang, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({
    viewport,
    locale: lang === "zh" ? "zh-CN" : "en-US",
    colorScheme: "light",
    reducedMotion: "reduce",
    deviceScaleFactor: 1,
    ...(viewport === MOBILE ? { isMobile: true, hasTouch: true } : {}),
  });
}

/** The dashboard pages, signed in as the demo owner. */
async function dashboard(browser: Browser, product: Product, lang: Lang, cookie: string): Promise<string[]> {
  const context = await newContext(browser, lang);
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: product.adminUrl }]);
  const page = await context.newPage();
  const q = QUESTIONS[lang];

  await page.goto(`${product.adminUrl}/bots`);
  await page.getByText(q.bot).first().waitFor();
  await save(page, `bots-${lang}`);

  await page.getByRole("link", { name: q.bot }).first().click();
  await page.waitForURL(/\/bots\/[^/]+$/);
  const tabs = page.getByRole("tablist").first().getByRole("tab");
  await tabs.first().waitFor();
  await tabs.nth(1).click(); // Knowledge
  await page.waitForLoadState("networkidle");
  await save(page, `bot-knowledge-${lang}`);
  await tabs.nth(2).click(); // Playground
  await tabs.nth(2).waitFor();
  await page.waitForLoadState("networkidle");
  await tryQuestion(page, q.playground);
  await save(page, `bot-playground-${lang}`);
  // The widget's "did you mean" question: the first candidate the playground offers quick replies for.
  const unsure = [...q.unsure];
  for (const candidate of q.unsure) {
    await tryQuestion(page, candidate);
    if ((await page.getByTestId("playground-suggestions").count()) > 0) {
      unsure.splice(unsure.indexOf(candidate), 1);
      unsure.unshift(candidate);
      break;
    }
  }

  await page.goto(`${product.adminUrl}/inbox`);
  await page.waitForLoadState("networkidle");
  const open = page.locator('a[href^="/inbox/"]').first();
  if ((await open.count()) > 0) {
    await open.click();
    await page.waitForURL(/\/inbox\/[^/]+$/);
    await page.waitForLoadState("networkidle");
  } else {
    log(`inbox (${lang}): no conversation to open`);
  }
  await save(page, `inbox-${lang}`);

  await page.goto(`${product.adminUrl}/analytics`);
  await page.waitForLoadState("networkidle");
  await save(page, `analytics-${lang}`);

  await page.goto(`${product.adminUrl}/improve/gaps`);
  await page.waitForLoadState("networkidle");
  await page.locator("select", { has: page.locator("option", { hasText: q.bot }) }).first().selectOption({ label: q.bot });
  await page.waitForLoadState("networkidle");
  await save(page, `gaps-${lang}`);
  await context.close();
  return unsure;
}

async function ask(frame: Frame, question: string) {
  const before = await frame.getByTestId("message-bot").count();
  await frame.locator("#kefu-chat-input").fill(question);
  await frame.locator("#kefu-chat-input").press("Enter");
  await waitUntil(async () => (await frame.getByTestId("message-bot").count()) > before, 30_000, 100);
  // The answer streams in: wait until it stops changing.
  let last = "";
  await waitUntil(async () => {
    const now = (await frame.getByTestId("message-bot").last().textContent()) ?? "";
    const settled = now === last && now !== "";
    last = now;
    return settled;
  }, 30_000, 500);
}

/** The widget on a customer's page, opened, with an answer and a "did you mean" reply. */
async function widget(browser: Browser, product: Product, lang: Lang, publicId: string, unsure: string[], viewport: typeof DESKTOP, suffix: string) {
  const { url, server } = await hostPage(embedSnippet(product.chatUrl, publicId), lang);
  const context = await newContext(browser, lang, viewport);
  const page = await context.newPage();
  try {
    await page.goto(url);
    const launcher = page.getByRole("button", { name: /^(Open chat|打开聊天)$/ });
    await launcher.click();
    const frame = (await (await page.locator("#kefu-frame").elementHandle())!.contentFrame())!;
    await frame.locator("#kefu-chat-input").waitFor();
    const q = QUESTIONS[lang];
    await ask(frame, q.answer);
    // Last, so that its quick replies are still offered in the picture: the first candidate that gets them.
    for (const candidate of unsure) {
      await ask(frame, candidate);
      if ((await frame.getByTestId("suggestions").count()) > 0) break;
    }
    await save(page, `widget${suffix}-${lang}`);
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The bot's hosted chat page (the link a shop can share), with one answer. */
async function hosted(browser: Browser, product: Product, lang: Lang, publicId: string) {
  const context = await newContext(browser, lang);
  const page = await context.newPage();
  await page.goto(`${product.chatUrl}/c/${publicId}`);
  await ask(page.mainFrame(), QUESTIONS[lang].answer);
  await save(page, `hosted-chat-${lang}`);
  await context.close();
}

/** Tries a question in the playground (the tab may still be settling: typed again until it is taken). */
async function tryQuestion(page: Page, question: string) {
  const input = page.locator('input[name="question"]');
  for (let attempt = 0; ; attempt++) {
    await input.fill(question);
    if ((await input.inputValue()) === question) {
      const answered = page.waitForResponse((r) => r.url().includes("knowledge.playground"), { timeout: 20_000 });
      await page.locator('form:has(input[name="question"]) button[type="submit"]').click();
      try {
        await answered;
        await page.getByTestId("playground-decision").waitFor({ timeout: 20_000 });
        await page.waitForTimeout(300);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await page.waitForTimeout(500);
  }
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  log("starting the product with the demo data (builds the apps if they changed)…");
  // The current tree is built (turbo caches it) so the pictures show what the code does now.
  const product = await startProduct({ via: "node", args: ["--demo"], env: { KEFU_SKIP_BUILD: "0", LOG_LEVEL: "warn" } });
  let browser: Browser | undefined;
  try {
    const output = product.output();
    const signInLine = output.match(/as (\S+@\S+), password (\S+)/);
    if (!signInLine) throw new Error("the demo sign-in was not printed");
    const publicIds = new Map<Lang, string>();
    for (const match of output.matchAll(/^\s+(.+?)\s+http:\/\/\S+\/c\/(bot_\w+)/gm)) {
      publicIds.set(match[1]!.trim() === QUESTIONS.zh.bot ? "zh" : "en", match[2]!);
    }
    if (publicIds.size !== 2) throw new Error("the demo bots' chat pages were not printed");
    const { cookie } = await signIn(product.adminUrl, signInLine[1]!, signInLine[2]!);
    for (const lang of ["en", "zh"] as const) {
      // A browser per language, told the language (Debian's Chromium still draws a file input's button in English).
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", `--lang=${lang === "zh" ? "zh-CN" : "en-US"}`],
      });
      const unsure = await dashboard(browser, product, lang, cookie);
      await widget(browser, product, lang, publicIds.get(lang)!, unsure, DESKTOP, "");
      await widget(browser, product, lang, publicIds.get(lang)!, unsure, MOBILE, "-mobile");
      if (lang === "zh") await hosted(browser, product, "zh", publicIds.get("zh")!);
      await browser.close();
      browser = undefined;
    }
  } finally {
    await browser?.close();
    // As Ctrl+C would: the apps, then the database; then whatever is left, and the data folder.
    process.kill(-product.pid, "SIGTERM");
    await Promise.race([product.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await product.dispose();
  }
  const left = product.tree();
  if (left.length > 0) throw new Error(`processes left running: ${left.join(", ")}`);
  log("the product stopped; its data folder is removed");
}

await main();
