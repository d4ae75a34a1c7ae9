import { expect, type Locator, type Page } from "@playwright/test";

/** The state badge in the case header (待审查, 办理中, 已办结, …). */
export function stateBadge(page: Page): Locator {
  return page.locator(".case-head .case-badges .badge").first();
}

export async function expectState(page: Page, label: string): Promise<void> {
  await expect(stateBadge(page)).toHaveText(label);
}

/** The green notice a case page shows after an action went through: "已完成：{event}。" */
export async function expectDone(page: Page, eventLabel: string): Promise<void> {
  await expect(page.getByRole("status").filter({ hasText: `已完成：${eventLabel}。` })).toBeVisible();
}

/**
 * The form of one event on a case page (`#form-SIGN`, …). Folded forms (<details>) are opened
 * first, as a person would click their summary.
 */
export async function eventForm(page: Page, type: string): Promise<Locator> {
  const form = page.locator(`#form-${type}`);
  await expect(form).toHaveCount(1);
  const fold = page.locator(`details:has(#form-${type})`);
  if ((await fold.count()) > 0 && !(await fold.first().evaluate((d) => (d as HTMLDetailsElement).open)))
    await fold.first().locator(":scope > summary").click();
  await expect(form).toBeVisible();
  return form;
}

/** Submits an event form with its own submit button and waits for the page to settle on the case. */
export async function submitEvent(page: Page, type: string, button: string | RegExp): Promise<void> {
  const form = page.locator(`#form-${type}`);
  await form.getByRole("button", { name: button }).click();
}

/** The case id in a /cases/:id URL. */
export function caseIdOf(page: Page): number {
  const m = /\/cases\/(\d+)/.exec(new URL(page.url()).pathname);
  if (!m) throw new Error(`not a case page: ${page.url()}`);
  return Number(m[1]);
}

/** The row of a list table that links to this title. */
export function rowOf(page: Page, title: string): Locator {
  return page
    .locator("table.list tbody tr")
    .filter({ has: page.getByRole("link", { name: title, exact: true }) });
}

/**
 * From the unit inbox's 办理中 tab, opens the first case that is plainly in handling (state 办理中,
 * not 重新办理) and where the unit is the lead (主办). Returns its id.
 */
export async function openLeadCaseInHandling(page: Page): Promise<number> {
  await page.goto("/inbox?tab=handling");
  const row = page
    .locator("table.list tbody tr")
    .filter({ has: page.locator(".badge", { hasText: /^主办$/ }) })
    .filter({ has: page.locator(".badge", { hasText: /^办理中$/ }) })
    .first();
  await row.locator(".case-title a").first().click();
  await page.waitForURL(/\/cases\/\d+$/);
  await expectState(page, "办理中");
  return caseIdOf(page);
}
