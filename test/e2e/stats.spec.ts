import fs from "node:fs";
import ExcelJS from "exceljs";
import { METRICS } from "../../db/stats-definitions";
import { expect, screenshot, test } from "./fixtures";

/** The demo organisation has twelve units (db/seed-demo.ts). */
const UNITS = 12;

test("supervisor: the statistics page with its table, charts and definitions, and the Excel export", async ({
  as,
}) => {
  const page = await as("tianwei");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "统计分析" }).click();
  await expect(page).toHaveURL(/\/supervision\/stats$/);
  await expect(page.getByRole("heading", { level: 1, name: "统计分析" })).toBeVisible();

  // The year: the demo's cases were all filed this year.
  await page.getByRole("navigation", { name: "快捷选择" }).getByRole("link", { name: "本年度" }).click();
  const year = new Date().getFullYear();
  await expect(page).toHaveURL(new RegExp(`from=${year}-01-01&to=${year}-12-31`));
  await expect(page.locator("#from")).toHaveValue(`${year}-01-01`);

  // Two tables, one row per unit and a totals row, each column linked to its definition.
  const tables = page.locator("table.stats-table");
  await expect(tables).toHaveCount(2);
  await expect(tables.first().locator("tbody tr")).toHaveCount(UNITS);
  await expect(tables.first().locator("tfoot th")).toHaveText("合计");
  await expect(tables.first().locator("thead")).toContainText("按时答复率");
  await expect(tables.nth(1).locator("thead")).toContainText("未评价");
  const fgj = tables.first().locator("tbody tr", { hasText: "区发展和改革局" });
  await expect(fgj.locator("td").first()).toHaveText(/^[1-9]\d*$/);

  // Every figure's definition, written under the tables.
  const defs = page.locator("#definitions .def-list li");
  await expect(defs).toHaveCount(METRICS.length);
  await expect(page.locator("#def-replyOnTimeRate")).toContainText("逾期仍未答复的事项计入分母");
  await expect(page.locator("#def-unevaluated")).toContainText("不算满意");
  await tables
    .first()
    .getByRole("link", { name: /按时答复率/ })
    .click();
  await expect(page).toHaveURL(/#def-replyOnTimeRate$/);

  // Three charts drawn on the server.
  const charts = page.locator(".stats-charts svg[role=img]");
  await expect(charts).toHaveCount(3);
  await expect(charts.nth(0).locator("title").first()).toHaveText("各单位按时率");
  expect(await charts.nth(0).locator("rect").count()).toBeGreaterThan(2);
  expect(await charts.nth(1).locator("rect").count()).toBeGreaterThan(2);
  expect(await charts.nth(2).locator("rect").count()).toBeGreaterThan(2);
  await screenshot(page, "stats.png");

  // The Excel download: the same figures, definitions on the second sheet.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载 Excel" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`统计-${year}-01-01_${year}-12-31.xlsx`);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(["各单位统计", "指标定义", "月度"]);
  const sheet = wb.worksheets[0];
  expect(sheet.getCell("A1").value).toBe("承办单位");
  expect(sheet.rowCount).toBe(1 + UNITS + 1);
  expect(sheet.getCell(`A${UNITS + 2}`).value).toBe("合计");
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  const defsSheet = wb.worksheets[1];
  expect(defsSheet.getColumn(1).values).toContain("按时答复率");

  // And the CSV: UTF-8 with a byte-order mark, Chinese headers.
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载 CSV" }).click(),
  ]);
  const bytes = fs.readFileSync(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString("utf8").slice(1).split("\r\n")[0]).toMatch(/^承办单位,交办（主办）,/);
});

test("supervisor: the statistics page in English", async ({ as }) => {
  const page = await as("tianwei");
  const year = new Date().getFullYear();
  await page.goto(`/supervision/stats?from=${year}-01-01&to=${year}-12-31`);
  await page.locator("header.topbar").getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Statistics" })).toBeVisible();
  await expect(page.locator("table.stats-table").first().locator("tfoot th")).toHaveText("Total");
  await expect(page.locator("#def-replyOnTimeRate")).toContainText("they are not left out");
  await expect(page.locator(".stats-charts svg[role=img]").first().locator("title")).toHaveText(
    "On-time rate by unit",
  );
  await screenshot(page, "stats-en.png");
  await page.locator("header.topbar").getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("supervisor: the statistics page works without JavaScript, and says what is wrong with a period", async ({
  as,
}) => {
  const page = await as("tianwei", { javaScriptEnabled: false });
  await page.goto("/supervision/stats");
  await expect(page.locator("table.stats-table")).toHaveCount(2);
  await expect(page.locator(".stats-charts svg[role=img]")).toHaveCount(3);
  await page.locator("#from").fill("2026-06-30");
  await page.locator("#to").fill("2026-06-01");
  await page.getByRole("button", { name: "统计", exact: true }).click();
  await expect(page).toHaveURL(/from=2026-06-30&to=2026-06-01/);
  await expect(page.locator(".stats-error")).toContainText("结束日期不能早于开始日期 2026-06-30");
  await expect(page.locator("table.stats-table")).toHaveCount(0);
});

test("a unit's handler may not open the statistics", async ({ as, guard }) => {
  guard.allow(/status of 403/);
  const page = await as("fgj_handler");
  await expect(page.locator("header.topbar").getByRole("link", { name: "统计分析" })).toHaveCount(0);
  const res = await page.goto("/supervision/stats");
  expect(res?.status()).toBe(403);
  const download = await page.request.get("/supervision/stats/export?format=xlsx");
  expect(download.status()).toBe(403);
});

test("the case list exports what its filters select", async ({ as }) => {
  const page = await as("tianwei");
  await page.goto("/cases?kind=enterprise_request&pageSize=5");
  const total = Number((await page.locator(".pagination").innerText()).match(/共 (\d+) 条/)?.[1]);
  expect(total).toBeGreaterThan(5);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Excel", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^事项清单-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const sheet = wb.worksheets[0];
  // Every matching case, not the five on the page.
  expect(sheet.rowCount).toBe(1 + total);
  expect(sheet.getCell("E1").value).toBe("类型");
  for (let r = 2; r <= sheet.rowCount; r++) expect(sheet.getCell(`E${r}`).value).toBe("企业诉求");
});
