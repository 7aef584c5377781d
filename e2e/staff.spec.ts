import { type Browser, type Page } from "@playwright/test";
import { expect, signUp, test, type Tenant } from "./fixtures";

// Staff accounts: the viewer role and a role change taking effect, one person in two workspaces
// switching between them, the last owner staying, and single sign-on against a real OpenID
// Connect provider (e2e/support/oidc-server.mjs, started by playwright.config.ts).

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function createInvite(page: Page, role: "AGENT" | "ADMIN" | "VIEWER", email?: string): Promise<string> {
  await page.goto("/settings/team");
  if (email) await page.getByLabel("E-mail (optional)").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return link;
}

/** Signs in through the provider's own sign-in page (any password; the login is the e-mail). */
async function signInWithSso(page: Page, email: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await expect(page).toHaveURL(/localhost:3103\//);
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("a viewer invited by address reads but cannot go online or reply; made an agent, they can from their next load", async ({ page, tenant, browser }) => {
  await signUp(page, tenant);
  const viewerEmail = `viewer-${tenant.email}`;
  const link = await createInvite(page, "VIEWER", viewerEmail);
  // No SMTP server in the tests: the link is there to copy.
  await expect(page.getByTestId("invite-status")).toHaveText("Send this link to the person you invite.");

  const viewer = await newPage(browser);
  await viewer.goto(link);
  await expect(viewer.getByLabel("Email")).toHaveValue(viewerEmail);
  await viewer.getByLabel("Your name").fill("Wang Fang");
  await viewer.getByLabel("Password").fill("correct horse battery");
  await viewer.getByRole("button", { name: "Join workspace" }).click();
  await expect(viewer).toHaveURL(/\/inbox$/);
  await expect(viewer.getByTestId("workspace-name")).toContainText(tenant.company);
  await expect(viewer.getByRole("radiogroup", { name: "Your status" })).toHaveCount(0);
  await expect(viewer.getByTestId("presence-banner")).toHaveCount(0);
  await viewer.goto("/settings/team");
  await expect(viewer.getByRole("row").filter({ hasText: "Wang Fang" })).toContainText("Viewer (read-only)");
  await expect(viewer.getByRole("button", { name: "Create invite link" })).toHaveCount(0);

  // Their profile is theirs to change, whatever the role.
  await viewer.getByLabel("Display name").fill("Wang Fang (QA)");
  await viewer.getByRole("button", { name: "Save" }).last().click();
  await expect(viewer.getByRole("row").filter({ hasText: "Wang Fang (QA)" })).toBeVisible();

  await page.reload();
  await page.getByLabel("Role: Wang Fang (QA)").selectOption("AGENT");
  await expect(page.getByRole("row").filter({ hasText: "Wang Fang (QA)" }).getByLabel("Role: Wang Fang (QA)")).toHaveValue("AGENT");
  await viewer.goto("/inbox");
  await expect(viewer.getByRole("radiogroup", { name: "Your status" })).toBeVisible();
});

test("one person in two workspaces joins the second with their account and switches between them; the only owner cannot leave", async ({ page, tenant, browser }) => {
  await signUp(page, tenant);
  const other: Tenant = { company: `Other ${tenant.company}`, email: `other-${tenant.email}`, password: tenant.password };
  const otherOwner = await newPage(browser);
  await signUp(otherOwner, other);
  const link = await createInvite(otherOwner, "AGENT");

  // Signed in already: the invite page offers to join with this account.
  await page.goto(link);
  await page.getByRole("button", { name: "Join with my account" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  const switcher = page.getByTestId("workspace-switcher");
  await expect(switcher.locator("option:checked")).toHaveText(`${other.company} · Agent`);
  await expect(switcher.locator("option")).toHaveText([`${tenant.company} · Owner`, `${other.company} · Agent`]);
  await otherOwner.reload();
  await expect(otherOwner.getByRole("row").filter({ has: otherOwner.getByRole("cell", { name: tenant.email, exact: true }) })).toContainText("Agent");

  // As an agent there: no invites. Back in their own workspace: owner again, across reloads.
  await page.goto("/settings/team");
  await expect(page.getByRole("button", { name: "Create invite link" })).toHaveCount(0);
  await page.getByTestId("workspace-switcher").selectOption({ label: `${tenant.company} · Owner` });
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByTestId("workspace-switcher").locator("option:checked")).toHaveText(`${tenant.company} · Owner`);
  await page.goto("/settings/team");
  await expect(page.getByRole("button", { name: "Create invite link" })).toBeVisible();

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Leave workspace" }).click();
  await expect(page.getByText("You are this workspace's only owner. Make another member an owner before you leave.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("workspace-switcher").locator("option:checked")).toHaveText(`${tenant.company} · Owner`);
});

test("single sign-on with an OpenID Connect provider: the account with the address, the invited address, and nobody else", async ({ page, tenant, browser }) => {
  await signUp(page, tenant);
  const invited = `sso-agent-${tenant.email}`;
  await createInvite(page, "AGENT", invited);

  const owner = await newPage(browser);
  await signInWithSso(owner, tenant.email);
  await expect(owner).toHaveURL(/\/bots$/);
  await expect(owner.getByTestId("workspace-name")).toContainText(tenant.company);

  const agent = await newPage(browser);
  await signInWithSso(agent, invited);
  await expect(agent).toHaveURL(/\/bots$/);
  await expect(agent.getByTestId("workspace-name")).toContainText(tenant.company);
  await agent.goto("/settings/team");
  await expect(agent.getByRole("row").filter({ has: agent.getByRole("cell", { name: invited, exact: true }) })).toContainText("Agent");

  const stranger = await newPage(browser);
  await signInWithSso(stranger, `stranger-${tenant.email}`);
  await expect(stranger).toHaveURL(/\/login\?error=sso_no_account$/);
  await expect(stranger.getByText("this address has no Kefu account and no invite")).toBeVisible();
  await stranger.goto("/bots");
  await expect(stranger).toHaveURL(/\/login/);
});
