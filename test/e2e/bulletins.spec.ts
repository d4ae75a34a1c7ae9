import { expect, screenshot, test, VIEWPORT } from "./fixtures";

/*
 * A supervisor drafts this year's supervision bulletin from the demo data, words it, publishes it;
 * the lead unit's head reads it from the link the mail carries, on screen and printed.
 */

test("a supervisor drafts, words and publishes a bulletin; a unit head reads and prints it", async ({
  as,
}) => {
  const supervisor = await as("tianwei");
  await supervisor.getByRole("navigation").getByRole("link", { name: "督办通报" }).click();
  await expect(supervisor).toHaveURL(/\/supervision\/bulletins$/);
  await expect(supervisor.getByRole("heading", { level: 1, name: "督办通报" })).toBeVisible();

  // The presets fill the period; this year runs from 1 January to today.
  const year = await supervisor.evaluate(() =>
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()),
  );
  await supervisor.getByRole("link", { name: "上月" }).click();
  await expect(supervisor).toHaveURL(/preset=lastMonth/);
  await supervisor.getByRole("link", { name: "本年度" }).click();
  await expect(supervisor.locator("#from")).toHaveValue(`${year}-01-01`);
  await expect(supervisor.locator("#onTimeRate")).toHaveValue("92");
  await expect(supervisor.locator("#satisfactionRate")).toHaveValue("85");
  await screenshot(supervisor, "bulletin-form.png", { docs: false });

  await supervisor.getByRole("button", { name: "生成草稿" }).click();
  await expect(supervisor).toHaveURL(/\/supervision\/bulletins\/\d+$/);
  const id = Number(new URL(supervisor.url()).pathname.split("/").pop());
  const doc = supervisor.locator("article.bdoc");
  await expect(doc.locator(".bdoc-masthead")).toHaveText("督办通报");
  await expect(doc.locator(".bdoc-issue")).toContainText("草稿");
  await expect(doc.locator(".bdoc-title")).toHaveText(
    `${year}年1月1日至${await todayMonthDay(supervisor)}办理工作督办通报`,
  );
  // Every section, numbered; the ranking table has every unit and a total.
  for (const h of ["一、总体情况", "二、各单位办理情况", "三、表扬", "四、通报批评"])
    await expect(doc.getByRole("heading", { level: 2, name: h })).toBeVisible();
  await expect(doc.locator(".bdoc-ranking tbody tr").first()).toBeVisible();
  await expect(doc.locator(".bdoc-ranking tfoot")).toContainText("合计");

  // The supervisor's words.
  await supervisor.getByText("修改文字", { exact: true }).click();
  await supervisor.getByLabel("标题").fill(`${year}年提案和企业诉求办理督办通报`);
  await supervisor.getByLabel("发文单位").fill("区政府督查室");
  await supervisor
    .getByLabel("开头语")
    .fill(
      "为进一步压实办理责任，提高办理质量和效率，现将今年以来各承办单位提案建议和企业诉求的办理情况通报如下。",
    );
  await supervisor.getByRole("button", { name: "保存文字" }).click();
  await expect(supervisor.getByRole("status")).toHaveText("已保存。");
  await expect(doc.locator(".bdoc-title")).toHaveText(`${year}年提案和企业诉求办理督办通报`);
  await expect(doc.locator(".bdoc-meta")).toContainText("区政府督查室");

  await screenshot(supervisor, "bulletin-draft.png", { docs: false });
  await supervisor.getByRole("button", { name: "发布通报" }).click();
  await expect(supervisor.getByRole("status")).toContainText("通报已发布");
  await expect(doc.locator(".bdoc-issue")).toHaveText(`${year}年第1期`);
  await expect(supervisor.getByRole("button", { name: "发布通报" })).toHaveCount(0);
  await expect(supervisor.getByText("修改文字", { exact: true })).toHaveCount(0);

  // The list shows it as published, with its issue.
  await supervisor.getByRole("link", { name: "返回通报列表" }).click();
  const row = supervisor.locator("table.list tbody tr", { hasText: `${year}年提案和企业诉求办理督办通报` });
  await expect(row).toContainText(`${year}年第1期`);
  await expect(row).toContainText("已发布");

  // The API returns the frozen content.
  const api = await supervisor.request.get(`/api/v1/bulletins/${id}`);
  expect(api.status()).toBe(200);
  const body = await api.json();
  expect(body).toMatchObject({
    status: "published",
    issue: `${year}年第1期`,
    content: { issuer: "区政府督查室" },
  });

  // The lead unit's head opens it from the mail's link.
  const head = await as("fgj_head");
  await head.goto(`/bulletins/${id}`);
  const read = head.locator("article.bdoc");
  await expect(read.locator(".bdoc-title")).toHaveText(`${year}年提案和企业诉求办理督办通报`);
  await expect(read.locator(".bdoc-issue")).toHaveText(`${year}年第1期`);
  await expect(head.getByRole("button", { name: "打印" })).toBeVisible();
  await screenshot(head, "bulletin.png");
  // Printed: the width of an A4 page's text area (210 mm less the 22 and 20 mm margins ≈ 640 px).
  await head.setViewportSize({ width: 640, height: 900 });
  await head.emulateMedia({ media: "print" });
  await expect(head.locator(".bdoc-toolbar")).toBeHidden();
  await expect(head.locator(".topbar")).toBeHidden();
  await screenshot(head, "bulletin-print.png");
  await head.emulateMedia({ media: "screen" });
  await head.setViewportSize(VIEWPORT);

  // A delegate finds nothing there.
  const delegate = await as("weiyuan_lin");
  expect((await delegate.request.get(`/bulletins/${id}`)).status()).toBe(404);
  expect((await delegate.request.get(`/api/v1/bulletins/${id}`)).status()).toBe(403);
});

test("without JavaScript the bulletin page reads and says how to print", async ({ as }) => {
  const supervisor = await as("tianwei", { javaScriptEnabled: false });
  await supervisor.goto("/supervision/bulletins?preset=lastQuarter");
  await supervisor.getByRole("button", { name: "生成草稿" }).click();
  await expect(supervisor).toHaveURL(/\/supervision\/bulletins\/\d+$/);
  await expect(supervisor.locator(".bdoc-title")).toContainText("季度办理工作督办通报");
  await expect(supervisor.getByRole("button", { name: "打印" })).toHaveCount(0);
  await expect(supervisor.getByText("也可使用浏览器的打印功能")).toBeVisible();
  await supervisor.getByRole("button", { name: "删除草稿" }).click();
  await expect(supervisor).toHaveURL(/\/supervision\/bulletins$/);
});

async function todayMonthDay(page: import("@playwright/test").Page) {
  return page.evaluate(() => {
    const [, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" })
      .format(new Date())
      .split("-")
      .map(Number);
    return `${m}月${d}日`;
  });
}
