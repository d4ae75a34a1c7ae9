import { expect, screenshot, test } from "./fixtures";
import { eventForm, expectDone, rowOf } from "./helpers";

/**
 * The supervisor's deadline board (督办台) on the demo data: proposal 9 was assigned to
 * 区卫生健康局 twelve working days ago and the unit never signed for it, so its sign-for deadline
 * is overdue. The supervisor finds it, sends a supervision notice (督办通知), and the unit's
 * handler sees the red 督办 marker at the top of the inbox.
 */
const OVERDUE_TITLE = "关于完善社区居家养老服务体系的建议";
const UNIT = "区卫生健康局";

/** A calendar date `days` after today in Beijing. */
function daysFromToday(days: number): string {
  const now = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
}

test("supervisor finds an overdue case on the board, supervises it; the unit sees 督办 in its inbox", async ({
  as,
  request,
}) => {
  const page = await as("tianwei");

  // What the API says about the case: its working days overdue on the real calendar.
  const token = (
    await (
      await request.post("/api/v1/auth/token", { data: { username: "tianwei", password: "demo-pass-2026" } })
    ).json()
  ).token as string;
  const api = await request.get("/api/v1/supervision/overdue?pageSize=200", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(api.status()).toBe(200);
  const body = await api.json();
  const item = body.items.find(
    (i: { title: string; deadlineType: string }) => i.title === OVERDUE_TITLE && i.deadlineType === "sign",
  );
  expect(item, "the demo's unsigned proposal is overdue").toBeTruthy();
  expect(item.departmentName).toBe(UNIT);
  expect(item.workingDaysOverdue).toBeGreaterThan(0);

  // The 逾期 tab is the board.
  await page.locator("nav.tabs").getByRole("link", { name: /逾期/ }).click();
  await expect(page).toHaveURL(/tab=overdue/);
  const sw = page.getByRole("navigation", { name: "期限范围" });
  await expect(sw.getByRole("link", { name: /已逾期/ })).toHaveAttribute("aria-current", "page");
  await expect(page.locator(".board-head")).toContainText(`按 ${body.asOf} 计算`);
  const row = rowOf(page, OVERDUE_TITLE).filter({ hasText: "签收" });
  await expect(row).toContainText(UNIT);
  await expect(row).toContainText(`逾期 ${item.workingDaysOverdue} 个工作日`);
  await expect(row.locator(".step .badge")).toHaveText(/未提醒|预警|催办|督办|列入通报/);
  await screenshot(page, "supervision-board.png");

  // Filters are a plain GET form; they stay in the address.
  await page.locator("#board-unit").selectOption({ label: UNIT });
  await page.locator(".board-filters").getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/departmentId=\d+/);
  await expect(page).toHaveURL(/tab=overdue/);
  const units = await page.locator("table.board-table tbody td.unit").allTextContents();
  expect(units.length).toBeGreaterThan(0);
  expect(new Set(units)).toEqual(new Set([UNIT]));

  // Due soon keeps the unit filter.
  await sw.getByRole("link", { name: /即将到期/ }).click();
  await expect(page).toHaveURL(/window=due_soon/);
  await expect(page).toHaveURL(/departmentId=\d+/);
  await expect(page.locator("#board-unit")).toHaveValue(String(item.departmentId));
  await screenshot(page, "supervision-board-soon.png", { docs: false });

  // The same board in English.
  await page.goto("/supervision?tab=overdue");
  const header = page.locator("header.topbar");
  await header.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(
    page.getByRole("navigation", { name: "Deadlines" }).getByRole("link", { name: /Overdue/ }),
  ).toBeVisible();
  await expect(rowOf(page, OVERDUE_TITLE).filter({ hasText: "Sign for" })).toContainText(
    `${item.workingDaysOverdue} working days overdue`,
  );
  await screenshot(page, "supervision-board-en.png", { docs: false });
  await header.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

  // Open the case and send a supervision notice with a date to respond by.
  await rowOf(page, OVERDUE_TITLE).first().getByRole("link", { name: OVERDUE_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: OVERDUE_TITLE })).toBeVisible();
  const respondBy = daysFromToday(7);
  const form = await eventForm(page, "SUPERVISE");
  await form
    .getByLabel(/督办通知内容/)
    .fill("该提案已逾期未签收，请立即签收办理，并于要求日期前报送办理进展。");
  await form.getByLabel(/要求回复日期/).fill(respondBy);
  await form.getByRole("button", { name: "发送督办通知" }).click();
  await expectDone(page, "督办通知");

  // The unit's handler: the case is first in the inbox, with the red marker and the date.
  const handler = await as("wjj_handler");
  await handler.goto("/inbox?tab=all");
  const first = handler.locator("table.list tbody tr").first();
  await expect(first.getByRole("link", { name: OVERDUE_TITLE })).toBeVisible();
  await expect(first.locator(".badge.supervised")).toHaveText("督办");
  await expect(first.locator(".supervised-line")).toContainText(`请于 ${respondBy} 前回复`);
  await screenshot(handler, "inbox-supervised.png");
});

test("bulk reminders: an empty message keeps the ticks; then every ticked case is reported", async ({
  as,
  guard,
}) => {
  // The refused submission answers 400 with the form as typed; the browser logs that status.
  guard.allow(/status of 400/);
  const page = await as("tianwei");
  await page.goto("/supervision?tab=overdue");
  const rows = page.locator("table.board-table tbody tr");
  expect(await rows.count()).toBeGreaterThan(1);
  const titles = [
    await rows.nth(0).locator(".case-title a").first().textContent(),
    await rows.nth(1).locator(".case-title a").first().textContent(),
  ];
  await rows.nth(0).locator("td.pick input").check();
  await rows.nth(1).locator("td.pick input").check();
  await expect(page.locator(".remind-panel")).toContainText("已选 2 项");

  await page.getByRole("button", { name: "发送催办" }).click();
  await expect(page.locator(".remind-panel .field-error")).toHaveText("此项必填");
  await expect(page.locator("#remind-message")).toHaveAttribute("aria-invalid", "true");
  await expect(rows.nth(0).locator("td.pick input")).toBeChecked();
  await expect(rows.nth(1).locator("td.pick input")).toBeChecked();

  await page.locator("#remind-message").fill("已超过办理期限，请抓紧办理，并于 3 个工作日内报送办理进展。");
  await page.getByRole("button", { name: "发送催办" }).click();
  const outcome = page.locator(".remind-result");
  await expect(outcome).toContainText(/已向 \d+ 件事项发送催办/);
  for (const title of titles) await expect(outcome.getByRole("link", { name: title ?? "" })).toBeVisible();
  // The ticks go once sent; the report says what happened to each.
  await expect(page.locator(".remind-panel")).toContainText("已选 0 项");
  await expect(page.locator("#remind-message")).toHaveValue("");
  // The reminder is recorded on the board as the supervisors' latest nudge.
  await expect(rowOf(page, titles[0] ?? "").first()).toContainText("已人工催办");
  await screenshot(page, "supervision-remind-result.png", { docs: false });
});

test("the ruling queues show when the supervisor's ruling is due", async ({ as }) => {
  const page = await as("tianwei");
  for (const tab of ["extensions", "objections", "returned"]) {
    await page.goto(`/supervision?tab=${tab}`);
    const table = page.locator("table.list");
    await expect(table.locator("th", { hasText: "裁定期限" })).toHaveAttribute("title", /2 个工作日内裁定/);
    const cell = table.locator("tbody tr").first().locator("td").nth(-2);
    await expect(cell.locator(".due")).toHaveText(/剩 \d+ 个工作日|逾期 \d+ 个工作日|今日到期|已逾期/);
    await expect(cell.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}$/);
  }
  await page.goto("/supervision?tab=extensions");
  await screenshot(page, "supervision-extensions.png", { docs: false });
});

test("without JavaScript: filters are a plain GET, a reminder without text keeps the ticks, then it is sent", async ({
  as,
  guard,
}) => {
  guard.allow(/status of 400/);
  const page = await as("tianwei", { javaScriptEnabled: false });
  await page.goto("/supervision?tab=overdue");
  expect(await page.evaluate(() => "__remixContext" in window)).toBe(false);
  await page.locator("#board-kind").selectOption("enterprise_request");
  await page.locator(".board-filters").getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/kind=enterprise_request/);
  const rows = page.locator("table.board-table tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText("企业诉求");
  const title = (await rows.first().locator(".case-title a").first().textContent()) ?? "";

  await rows.first().locator("td.pick input").check();
  await page.getByRole("button", { name: "发送催办" }).click();
  await expect(page.locator(".remind-panel .field-error")).toHaveText("此项必填");
  await expect(page).toHaveURL(/kind=enterprise_request/);
  await expect(rowOf(page, title).locator("td.pick input")).toBeChecked();

  await page.locator("#remind-message").fill("请抓紧核实并答复企业。");
  await page.getByRole("button", { name: "发送催办" }).click();
  await expect(page.locator(".remind-result")).toContainText("已向 1 件事项发送催办");
  await expect(page.locator(".remind-result").getByRole("link", { name: title })).toBeVisible();
});
