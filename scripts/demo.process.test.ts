// `npm start -- --demo`: the product starts with the demo workspace, prints its sign-in and the
// bots' chat pages, and the documented credentials (README "Demo data") sign in to a dashboard with
// both bots, a conversation waiting in the inbox and weeks of analytics. Seeding again adds nothing
// and prints the same sign-in.
// Real processes over real HTTP: the production build, as `npm start` makes it (cached by turbo).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { data, query, signIn, startProduct, type Product } from "./product-harness.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
// The credentials as the README documents them, so that the test fails if they drift apart.
const documented = /demo workspace.*?`([^`\s]+@[^`\s]+)`.*?`([^`\s]+)`/is.exec(readme);

let product: Product | undefined;
afterAll(async () => {
  await product?.dispose();
});

const localDay = (offsetDays: number) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe("npm start -- --demo", () => {
  it("seeds the demo workspace, prints its sign-in, and a newcomer sees a living product", async () => {
    expect(documented, "README documents the demo sign-in").not.toBeNull();
    const [, email, password] = documented!;
    const started = Date.now();
    product = await startProduct({ via: "npm", args: ["--demo"] });
    const out = product.output();
    expect(out).toMatch(/\[demo\] .*conversation 1 of/);
    expect(out).toContain(`as ${email}, password ${password}`);
    expect(out).toMatch(new RegExp(`${product.chatUrl}/c/bot_[A-Za-z0-9]{20}`));
    console.log(`started with the demo in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const { cookie } = await signIn(product.adminUrl, email!, password!);
    const bots = data<{ name: string; language: string }[]>(await query(product.adminUrl, "bot.list", undefined, cookie));
    expect(bots.map((b) => b.language).sort()).toEqual(["en", "zh"]);
    const inbox = data<{ conversations?: { status: string }[] } | { status: string }[]>(await query(product.adminUrl, "inbox.list", { view: "unassigned" }, cookie));
    expect(JSON.stringify(inbox)).toMatch(/QUEUED|queued/);
    const dashboard = data<{ totals: { conversations: number; escalated: number; csatCount: number } }>(
      await query(product.adminUrl, "analytics.dashboard", { from: localDay(-29), to: localDay(0) }, cookie),
    );
    expect(dashboard.totals.conversations).toBeGreaterThan(20);
    expect(dashboard.totals.escalated).toBeGreaterThan(5);
    expect(dashboard.totals.csatCount).toBeGreaterThan(5);

    // The hosted chat page printed for a bot opens.
    const chatUrl = new RegExp(`${product.chatUrl}/c/bot_[A-Za-z0-9]{20}`).exec(out)![0];
    expect((await fetch(chatUrl)).status).toBe(200);
  });

  it("seeding again (as a second start does) adds nothing and prints the same sign-in", async () => {
    const [, email, password] = documented!;
    const { cookie } = await signIn(product!.adminUrl, email!, password!);
    const period = { from: localDay(-29), to: localDay(0) };
    const before = data<{ totals: unknown }>(await query(product!.adminUrl, "analytics.dashboard", period, cookie));
    const env = { ...process.env, KEFU_DB_PORT: String(product!.dbPort), NEXTAUTH_URL: product!.adminUrl, KEFU_CHAT_URL: product!.chatUrl };
    delete env.NODE_OPTIONS;
    delete env.DATABASE_URL;
    // Asynchronously: a blocked event loop would miss the app closing an idle keep-alive connection.
    const again = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "scripts/demo.mts"], { cwd: root, env, encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain("already there; nothing added");
    const result = JSON.parse(again.stdout.trim().split("\n").at(-1)!) as { demo: { email: string; password: string; bots: unknown[] } };
    expect(result.demo).toMatchObject({ email, password });
    expect(result.demo.bots).toHaveLength(2);
    const after = data<{ totals: unknown }>(await query(product!.adminUrl, "analytics.dashboard", period, cookie));
    expect(after.totals).toEqual(before.totals);
  });
});
