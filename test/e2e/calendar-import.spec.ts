import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, SCREEN_DIR, screenshot, test } from "./fixtures";

/** A picture of one part of the page (the banner, the preview) rather than the whole long page. */
async function shot(page: Page, what: Locator | { height: number }, name: string) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
  fs.mkdirSync(SCREEN_DIR, { recursive: true });
  const file = path.join(SCREEN_DIR, name);
  if ("height" in what)
    await page.screenshot({
      path: file,
      clip: { x: 0, y: 0, width: 1280, height: what.height },
      animations: "disabled",
    });
  else await what.screenshot({ path: file, animations: "disabled" });
}

/*
 * The working-day calendar lacks 2027 (the demo ships 2004–2026) while the coming months fall in it:
 * a banner says so, and an admin imports the year from a file. Runs in order: the import of the last
 * test covers 2027 for the rest of the run.
 */

const SAMPLE_ICS = path.resolve("docs/calendar/2027-sample.ics");
const SAMPLE_JSON = path.resolve("docs/calendar/2027-sample.json");
const BANNER_TITLE = "2027 年的节假日安排尚未载入";

test("a supervisor and a unit's handler see that 2027 is missing, without the admin's import link", async ({
  as,
}) => {
  const supervisor = await as("tianwei");
  await expect(supervisor).toHaveURL(/\/supervision/);
  const banner = supervisor.locator(".calendar-banner");
  await expect(banner).toContainText(BANNER_TITLE);
  await expect(banner).toContainText("请联系系统管理员");
  await expect(banner.getByRole("link")).toHaveCount(0);
  // Only on the pages that plan by deadlines: not on the case list.
  await supervisor.goto("/cases");
  await expect(supervisor.locator(".calendar-banner")).toHaveCount(0);

  const handler = await as("fgj_handler");
  await handler.goto("/inbox");
  await expect(handler.locator(".calendar-banner")).toContainText(BANNER_TITLE);

  // A delegate plans nothing by the calendar: no banner.
  const delegate = await as("weiyuan_lin");
  await expect(delegate.locator(".calendar-banner")).toHaveCount(0);
});

test("without JavaScript, a wrong file is refused line by line, and a good one is previewed", async ({
  as,
  guard,
}) => {
  const page = await as("admin", { javaScriptEnabled: false });
  // The refused upload is answered 422, which the browser logs for a document.
  guard.allow(/status of 422/);
  await page.goto("/admin/calendar?year=2027&import=1");
  expect(await page.evaluate(() => "__remixContext" in window)).toBe(false);
  const card = page.locator("#import");
  await expect(card).toHaveAttribute("open", "");
  // A make-up day on a Wednesday, and a day from 2028 in a 2027 file.
  await card
    .getByLabel("或粘贴文件内容")
    .fill(
      [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20270203",
        "SUMMARY:春节（补班）",
        "END:VEVENT",
        "END:VCALENDAR",
      ].join("\r\n"),
    );
  await card.getByRole("button", { name: "预览" }).click();
  const error = page.getByRole("alert").filter({ hasText: "文件未能导入" });
  await expect(error).toContainText("第 2 行：2027-02-03 是工作日（星期三），不能标为调休上班");
  // Nothing was written: the year is still not loaded.
  await expect(page.locator(".calendar-banner")).toContainText(BANNER_TITLE);

  await page.goto("/admin/calendar?year=2027&import=1");
  await page.locator("#import-file").setInputFiles(SAMPLE_JSON);
  await page.getByRole("button", { name: "预览" }).click();
  const preview = page.locator(".import-preview");
  await expect(preview.getByRole("heading", { name: "预览：2027 年放假安排" })).toBeVisible();
  await expect(preview).toContainText("文件中共有 29 天放假、4 天调休上班。");
  await expect(preview).toContainText("不是国务院办公厅公布的2027年放假安排");
  // Leaving without confirming writes nothing.
  await preview.getByRole("link", { name: "取消" }).click();
  await expect(page.locator(".calendar-banner")).toContainText(BANNER_TITLE);
  await expect(page.locator(".cal-day.holiday")).toHaveCount(0);
});

test("an admin follows the banner, uploads the 2027 sample, checks the preview, confirms; the banner is gone", async ({
  as,
}) => {
  const page = await as("admin");
  await expect(page).toHaveURL(/\/admin$/);
  const banner = page.locator(".calendar-banner");
  await expect(banner).toContainText(BANNER_TITLE);
  await expect(banner).toContainText("未来 180 天内的日期已落在 2027 年");
  await shot(page, { height: 360 }, "calendar-banner.png");

  await banner.getByRole("link", { name: "导入 2027 年放假安排" }).click();
  await expect(page).toHaveURL(/\/admin\/calendar\?year=2027&import=1/);
  await page.locator("#import-file").setInputFiles(SAMPLE_ICS);
  await page.getByRole("button", { name: "预览" }).click();

  const preview = page.locator(".import-preview");
  await expect(preview.getByRole("heading", { name: "预览：2027 年放假安排" })).toBeVisible();
  await expect(preview).toContainText("文件中共有 29 天放假、4 天调休上班。");
  await expect(preview).toContainText("2027 年目前没有任何安排");
  await expect(preview.getByRole("heading", { name: "将发生的变化（33 天）" })).toBeVisible();
  // By month: February holds the Spring Festival and its make-up Saturday.
  const feb = preview
    .locator("table.import-month")
    .filter({ has: page.locator("caption", { hasText: /^二月$/ }) });
  await expect(feb.locator("tbody tr")).toHaveCount(10);
  const feb20 = feb.locator("tbody tr").filter({ hasText: "02-20" });
  await expect(feb20.locator("td").nth(1)).toHaveText("周末");
  await expect(feb20.locator("td").nth(2)).toHaveText("班 调休上班 · 春节");
  // Nothing is written before the confirmation.
  await expect(page.locator(".cal-day.holiday")).toHaveCount(0);
  await shot(page, preview, "calendar-import-preview.png");

  await preview.getByRole("button", { name: "确认导入 2027 年安排" }).click();
  await expect(page).toHaveURL(/\/admin\/calendar\?year=2027&imported=1/);
  await expect(page.getByRole("status")).toContainText("已导入 2027 年放假安排：29 天放假，4 天调休上班。");
  await expect(page.locator(".calendar-banner")).toHaveCount(0);

  // The year view marks the imported days: 休 for days off, 班 for the make-up Saturday.
  const feb8 = page.locator(".cal-day[href*='date=2027-02-08']");
  await expect(feb8).toHaveClass(/holiday/);
  await expect(feb8.locator(".mark")).toHaveText("休");
  const feb20Day = page.locator(".cal-day[href*='date=2027-02-20']");
  await expect(feb20Day).toHaveClass(/workday/);
  await expect(feb20Day.locator(".mark")).toHaveText("班");
  await expect(page.locator(".cal-day[href*='date=2027-10-01']")).toContainText("国庆节");
  await expect(page.locator(".stats")).toContainText("已载入");
  await expect(page.locator(".import-source")).toContainText("来源：样例（仅用于测试导入");
  await screenshot(page, "calendar-2027.png");

  // Editing a day still works on an imported year.
  await page.locator(".cal-day[href*='date=2027-06-09']").click();
  await page.locator("#edit input[name='kind'][value='normal']").check();
  await page.locator("#edit").getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存：2027-06-09" })).toBeVisible();
  await expect(page.locator(".cal-day[href*='date=2027-06-09']")).not.toHaveClass(/holiday/);

  // The supervisor's desk has no banner any more.
  const supervisor = await as("tianwei");
  await expect(supervisor).toHaveURL(/\/supervision/);
  await expect(supervisor.locator(".calendar-banner")).toHaveCount(0);
});
