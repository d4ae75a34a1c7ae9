import { DEMO_PASSWORD, expect, screenshot, test } from "./fixtures";

/** The demo's proposal No. 62, led by 区发展和改革局 and replied: its text speaks of 特色小镇. */
const TOWN_TITLE = "关于加快构建特色小镇 助力我区乡村振兴战略实施的建议";

test("handler: searching the inbox for 小镇 lists the unit's matching cases with the passage marked", async ({
  as,
}) => {
  const page = await as("fgj_handler");
  await expect(page).toHaveURL(/\/inbox/);
  const box = page.getByRole("search", { name: "检索" });
  await box.getByRole("searchbox").fill("小镇");
  await box.getByRole("button", { name: "检索" }).click();
  await expect(page).toHaveURL(/[?&]q=%E5%B0%8F%E9%95%87/);
  await expect(page.locator(".search-count")).toContainText(/与“小镇”相关的 \d+ 件/);

  const rows = page.locator("table.list tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  const town = rows.filter({ hasText: TOWN_TITLE });
  await expect(town).toHaveCount(1);
  // The passage where the word occurs, the word itself marked.
  await expect(town.locator(".search-passage mark").first()).toHaveText("小镇");
  // Every row listed holds the word in its title or passage.
  for (const row of await rows.all()) await expect(row).toContainText("小镇");
  await screenshot(page, "search.png");

  // A word in no case of this unit: nothing listed, said so.
  await box.getByRole("searchbox").fill("火星基地");
  await box.getByRole("button", { name: "检索" }).click();
  await expect(page.locator(".search-count")).toContainText("没有与“火星基地”相关的案件");
  await expect(page.locator("table.list tbody tr")).toHaveCount(0);

  // Clearing the search brings the whole inbox back.
  await page.getByRole("link", { name: "清除检索" }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.locator(".search-count")).toHaveCount(0);
});

test("search works without JavaScript: the case list answers a GET form", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("#username").fill("tianwei");
  await page.locator("#password").fill("demo-pass-2026");
  await page.locator("form:has(#username)").getByRole("button").click();
  await page.goto(`/cases?q=${encodeURIComponent("小镇 乡村振兴")}`);
  const row = page.locator("table.list tbody tr").filter({ hasText: TOWN_TITLE });
  await expect(row).toHaveCount(1);
  await expect(row.locator(".search-passage mark").first()).toBeVisible();
  await context.close();
});

test("supervisor: a new request shows the same enterprise's similar request first, as a merge candidate", async ({
  as,
  request,
}) => {
  // 智云 files again about the business incubator's rent, already dispatched to 人才办 in the demo.
  const auth = await request.post("/api/v1/auth/token", {
    data: { username: "qiye_zhiyun", password: DEMO_PASSWORD },
  });
  const { token } = (await auth.json()) as { token: string };
  const created = await request.post("/api/v1/cases", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      kind: "enterprise_request",
      title: "关于大学生创业园租金减免续期的求助",
      body: "我公司入驻大学生创业园，租金减免即将到期，恳请延续租金减免。",
      category: "help",
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };

  const page = await as("tianwei");
  await page.goto(`/cases/${id}`);
  const section = page.getByRole("region", { name: "相似案件" });
  await expect(section).toBeVisible();
  const first = section.locator(".similar-list li").first();
  await expect(first).toContainText("关于大学生创业园租金减免到期后续期的求助");
  await expect(first).toContainText("同一企业");
  await expect(first).toContainText(/相似度 \d+%/);
  // It is also offered in the merge form on the same page: the row leads there.
  const toMerge = first.getByRole("link", { name: "可并入此件 ↓" });
  await expect(toMerge).toHaveAttribute("href", "#act-MERGE");
  await toMerge.click();
  await expect(page.locator("#act-MERGE")).toBeInViewport();
  await expect(page.locator("#act-MERGE")).toContainText("关于大学生创业园租金减免到期后续期的求助");
  // The request merged into it earlier is not offered again.
  await expect(section).not.toContainText("关于创业园租金减免政策能否续期的咨询");
  await expect(section.getByRole("heading", { name: "办理过相似案件的单位" })).toBeVisible();
  await screenshot(page, "similar-cases.png");

  // The enterprise itself is not shown this panel.
  const ent = await as("qiye_zhiyun");
  await ent.goto(`/cases/${id}`);
  await expect(ent.getByRole("heading", { level: 1 })).toContainText("创业园");
  await expect(ent.getByRole("region", { name: "相似案件" })).toHaveCount(0);
});
