import { expect, screenshot, test } from "./fixtures";

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
