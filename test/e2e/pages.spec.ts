import type { APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, expect, screenshot, test } from "./fixtures";
import { eventForm, expectDone, expectState, openLeadCaseInHandling, rowOf, submitEvent } from "./helpers";

/** The demo's proposal No. 62: replied by 区发展和改革局, waiting for 林思远's rating. */
const REPLIED_TITLE = "关于加快构建特色小镇 助力我区乡村振兴战略实施的建议";

test("delegate: /proposals lists her proposals with states and what waits for her", async ({ as }) => {
  const page = await as("weiyuan_lin");
  await expect(page).toHaveURL(/\/proposals$/);
  await expect(page.getByRole("heading", { level: 1, name: "我的提案" })).toBeVisible();
  await expect(page.locator(".whoami")).toContainText("林思远");
  const rows = page.locator("table.list tbody tr");
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(rowOf(page, REPLIED_TITLE)).toContainText("已答复");
  await expect(rowOf(page, REPLIED_TITLE)).toContainText("区发展和改革局");
  // The reply waiting for her rating is in "需要您处理".
  await expect(page.locator("section.todo")).toContainText(REPLIED_TITLE);
  await expect(page.locator("section.todo").getByRole("link", { name: "去测评" }).first()).toBeVisible();
  await screenshot(page, "delegate-proposals.png");
});

test("delegate: the new proposal form", async ({ as }) => {
  const page = await as("weiyuan_lin");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "新建提案" }).click();
  await expect(page).toHaveURL(/\/proposals\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "新建提案" })).toBeVisible();
  await expect(page.getByLabel(/标题/).first()).toBeVisible();
  await expect(page.locator("label[for=body]")).toContainText("问题内容");
  await expect(page.locator("label[for=measures]")).toContainText("办法");
  await expect(page.getByRole("checkbox", { name: "陈雅琴" })).toBeVisible();
  // She cannot co-sign her own proposal.
  await expect(page.getByRole("checkbox", { name: "林思远" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "保存草稿" })).toBeVisible();
  await expect(page.getByRole("button", { name: "提交", exact: true })).toBeVisible();
  await page.locator("#title").fill("关于增设社区便民早餐点的建议");
  await page
    .locator("#body")
    .fill("我区部分新建社区周边缺少早餐网点，上班族和学生早餐不便，流动摊贩又存在食品安全隐患。");
  await page.getByRole("checkbox", { name: "陈雅琴" }).check();
  await screenshot(page, "new-proposal.png");
});

test("supervisor: /supervision shows the queues with real cases", async ({ as }) => {
  const page = await as("tianwei");
  await expect(page).toHaveURL(/\/supervision/);
  await expect(page.getByRole("heading", { level: 1, name: "督办工作台" })).toBeVisible();
  const tabs = page.locator("nav.tabs");
  for (const name of ["待审查", "逾期"])
    await expect(tabs.getByRole("link", { name: new RegExp(name) })).toBeVisible();
  await expect(page.locator(".stats .stat").first()).toBeVisible();
  // The queue it opens on has rows, each with a proposer and a button to act.
  const rows = page.locator("table.list tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText(/提出人：\S+/);
  await expect(rows.first().locator(".row-action a")).toBeVisible();
  await screenshot(page, "supervision.png");
});

test("supervisor: /cases?q=特色小镇 finds the replied proposal", async ({ as }) => {
  const page = await as("tianwei");
  await page.goto(`/cases?q=${encodeURIComponent("特色小镇")}`);
  await expect(page.getByRole("heading", { level: 1, name: "全部事项" })).toBeVisible();
  await expect(page.locator("#q")).toHaveValue("特色小镇");
  const row = rowOf(page, REPLIED_TITLE);
  await expect(row).toContainText("已答复");
  await expect(row).toContainText("林思远");
  await row.getByRole("link", { name: REPLIED_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: REPLIED_TITLE })).toBeVisible();
  await expect(page.getByRole("link", { name: "查看答复函（可打印）" })).toBeVisible();
});

test("handler: /inbox of 区发展和改革局 lists the unit's work with due dates", async ({ as }) => {
  const page = await as("fgj_handler");
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByRole("heading", { level: 1, name: "单位收件箱" })).toBeVisible();
  await expect(page.locator(".page-head")).toContainText("区发展和改革局");
  await page.locator("nav.tabs").getByRole("link", { name: /全部/ }).click();
  await expect(page).toHaveURL(/tab=all/);
  const rows = page.locator("table.list tbody tr");
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(page.locator("table.list")).toContainText("主办");
  await expect(page.locator("table.list time").first()).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  await page.goto("/inbox");
  await screenshot(page, "inbox.png");
});

test("case page: a case in handling, as the lead unit's handler, with deadlines and next steps", async ({
  as,
}) => {
  const page = await as("fgj_handler");
  await openLeadCaseInHandling(page);
  await expect(page.locator(".case-facts")).toContainText("区发展和改革局");
  await expect(page.locator(".case-facts")).toContainText("下一期限");
  // Deadlines, each with how it was computed.
  const deadlines = page.locator("section:has(#deadlines-title)");
  await expect(deadlines.getByRole("heading", { name: "办理期限" })).toBeVisible();
  expect(await deadlines.locator("table.deadlines tbody tr").count()).toBeGreaterThan(0);
  await expect(deadlines.locator("details.explain").first()).toBeAttached();
  // The action panel and the reply form.
  const next = page.locator("#next");
  await expect(next.getByRole("heading", { name: "下一步" })).toBeVisible();
  await expect(page.locator("#form-SUBMIT_REPLY")).toBeVisible();
  await expect(page.locator("#form-RECORD_CONTACT")).toHaveCount(1);
  // Units and history.
  await expect(page.locator("section:has(#history-title) .tl-event").first()).toHaveText("起草");
  await screenshot(page, "case-page.png");
});

/**
 * Regression: a passed objection window (申请调整期) was once listed among the open deadlines as
 * "剩 -50 个工作日" (the model sent `overdue: false` for windows, the table waited for `overdue`).
 */
test("case page: a passed objection window is settled (已截止), not 'negative days left'", async ({ as }) => {
  const page = await as("fgj_handler");
  await openLeadCaseInHandling(page);
  const open = page.locator("section:has(#deadlines-title) table.deadlines").first();
  await expect(open).toContainText("答复");
  await expect(open).not.toContainText("剩 -", { timeout: 2_000 });
  await expect(open).not.toContainText("申请调整期", { timeout: 2_000 });
  const settled = page.locator("section:has(#deadlines-title) details.settled");
  await settled.locator(":scope > summary").click();
  await expect(settled.locator("tr", { hasText: "申请调整期" }).first()).toContainText("已截止");
});

test("letter: the replied proposal's reply letter, reached from the delegate's list", async ({ as }) => {
  const page = await as("weiyuan_lin");
  await rowOf(page, REPLIED_TITLE).getByRole("link", { name: REPLIED_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: REPLIED_TITLE })).toBeVisible();
  await page.getByRole("link", { name: "查看答复函（可打印）" }).click();
  await expect(page).toHaveURL(/\/cases\/\d+\/letter$/);
  const letter = page.locator("article.letter");
  await expect(letter.getByRole("heading", { level: 1 })).toHaveText(/^关于第\d+号提案的答复$/);
  await expect(letter.locator(".letter-org")).toHaveText("区发展和改革局");
  await expect(letter.locator(".letter-addressee")).toHaveText("林思远委员：");
  expect(await letter.locator(".letter-body p").count()).toBeGreaterThan(1);
  await expect(letter.locator(".letter-meta")).toContainText("答复类别：B");
  await expect(letter.locator(".letter-contact")).toContainText("联系人：");
  await expect(letter.locator(".letter-sign")).toContainText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await expect(letter.locator(".letter-cc")).toContainText("抄送：");
  // The salutation is not printed twice.
  await expect(letter.getByText("林思远委员：")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "打印" })).toBeVisible();
  await screenshot(page, "letter.png");
});

test("admin: /admin lists units and users", async ({ as }) => {
  const page = await as("admin");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "用户与单位" })).toBeVisible();
  const departments = page.locator("#departments table.list");
  await expect(departments).toContainText("区发展和改革局");
  await expect(departments).toContainText("区科工商信局");
  const users = page.locator("#users table.list");
  await expect(users).toContainText("tianwei");
  await expect(users).toContainText("fgj_head");
  await expect(page.getByRole("button", { name: "创建单位" })).toBeVisible();
  await expect(page.getByRole("button", { name: "创建用户" })).toBeVisible();
  await screenshot(page, "admin.png", { docs: false });
});

test("admin: /admin/calendar for 2026 shows the official holidays, 国庆节 included", async ({ as }) => {
  const page = await as("admin");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "工作日历" }).click();
  await expect(page).toHaveURL(/\/admin\/calendar/);
  await page.goto("/admin/calendar?year=2026");
  await expect(page.getByRole("heading", { level: 1, name: "工作日历" })).toBeVisible();
  await expect(page.locator("#year")).toHaveValue("2026");
  await expect(page.locator(".cal-month")).toHaveCount(12);
  // 2026-10-01 is a holiday named 国庆节 on the grid.
  const oct1 = page.locator(".cal-day[href*='date=2026-10-01']");
  await expect(oct1).toHaveClass(/holiday/);
  await expect(oct1).toContainText("国庆节");
  await expect(page.getByText("国庆节").first()).toBeVisible();
  await expect(page.getByText("春节").first()).toBeVisible();
  // The year is covered by the official schedule.
  await expect(page.locator(".stats")).toContainText("已载入");
  await expect(page.locator(".stats")).toContainText("国务院办公厅放假安排");
  await screenshot(page, "admin-calendar.png");
});

test("English: the language button switches the header and the case page", async ({ as }) => {
  const page = await as("fgj_handler");
  const id = await openLeadCaseInHandling(page);
  const header = page.locator("header.topbar");
  await expect(header.getByRole("link", { name: "单位收件箱" })).toBeVisible();
  await header.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${id}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(header.getByRole("link", { name: "Unit inbox" })).toBeVisible();
  await expect(header.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(header.getByRole("button", { name: "中文" })).toBeVisible();
  await expectState(page, "In hand");
  await expect(page.locator("#next").getByRole("heading", { name: "Next step" })).toBeVisible();
  await expect(page.locator("section:has(#deadlines-title) h2")).toHaveText("Deadlines");
  await screenshot(page, "case-page-en.png");
  // And back.
  await header.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(header.getByRole("link", { name: "单位收件箱" })).toBeVisible();
});

/** A bearer token for the JSON API, for setting up a case without going through the pages. */
async function token(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

test("without JavaScript, a unit signs for a case (签收) with the plain form", async ({ as, request }) => {
  // Set-up through the API: a fresh proposal assigned to 区交通运输局, waiting for its signature.
  const delegate = { Authorization: `Bearer ${await token(request, "weiyuan_zhao")}` };
  const supervisor = { Authorization: `Bearer ${await token(request, "tianwei")}` };
  const title = `关于优化学校周边上下学接送秩序的建议（无脚本 ${Date.now().toString(36)}）`;
  const created = await request.post("/api/v1/cases", {
    headers: delegate,
    data: { kind: "proposal", title, body: "上下学高峰期学校周边道路拥堵，存在安全隐患。" },
  });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { id: number }).id;
  const send = async (headers: Record<string, string>, data: Record<string, unknown>) => {
    const res = await request.post(`/api/v1/cases/${id}/events`, { headers, data });
    expect(res.status(), JSON.stringify(await res.json())).toBe(200);
  };
  await send(delegate, { type: "SUBMIT" });
  await send(supervisor, { type: "ACCEPT" });
  const units = (await (await request.get("/api/v1/departments", { headers: supervisor })).json()) as {
    items: Array<{ id: number; name: string }>;
  };
  const jtj = units.items.find((d) => d.name === "区交通运输局");
  expect(jtj).toBeDefined();
  await send(supervisor, { type: "ASSIGN", leadDepartmentId: jtj!.id, coDepartmentIds: [] });

  const page = await as("jtj_handler", { javaScriptEnabled: false });
  await page.goto("/inbox?tab=pending");
  await rowOf(page, title).getByRole("link", { name: "查看并签收" }).click();
  await page.waitForURL(new RegExp(`/cases/${id}$`));
  await expectState(page, "已交办");
  // No script ran: Remix never hydrated, the page is the server's HTML only.
  expect(await page.evaluate(() => "__remixContext" in window)).toBe(false);
  await eventForm(page, "SIGN");
  await submitEvent(page, "SIGN", "确认签收");
  await page.waitForURL(new RegExp(`/cases/${id}\\?done=SIGN$`));
  await expectDone(page, "签收");
  await expectState(page, "办理中");
  await expect(page.locator("#form-SIGN")).toHaveCount(0);
  // The unit's next step is there, as a form that works the same way.
  await expect(page.locator("#form-RECORD_CONTACT")).toHaveCount(1);
});
