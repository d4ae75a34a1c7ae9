import fs from "node:fs";
import type { Page } from "@playwright/test";
import { tinyPdf } from "../../db/demo-files";
import { expect, screenshot, test } from "./fixtures";
import { caseIdOf, expectState } from "./helpers";

/**
 * Attachments (附件) in the browser: an enterprise files a request with a PDF, finds it on the
 * case page and downloads it; an executable renamed .pdf is refused with the form kept as typed;
 * the case list filters by category. With and without JavaScript.
 */

const stamp = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PDF = tinyPdf(["Equipment list for the smart machining line", "5-axis machining centres: 6"]);
/** The first bytes of a Windows executable: MZ, the DOS stub, the PE header. */
function exe(): Buffer {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("This program cannot be run in DOS mode.", 0x4e, "latin1");
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}

/** Sends the request form; when similar requests are shown first, sends it again. */
async function send(page: Page) {
  await page.getByRole("button", { name: "提交诉求", exact: true }).click();
  const again = page.getByRole("button", { name: "不是重复，提交" });
  await expect(page.locator(".case-head").or(again).or(page.locator(".field-error").first())).toBeVisible();
  if (await again.isVisible()) await again.click();
}

for (const js of [true, false])
  test(`an enterprise files a request with a PDF, sees it on the case page and downloads it${js ? "" : " (no JavaScript)"}`, async ({
    as,
  }) => {
    const page = await as("qiye_jinggong", { javaScriptEnabled: js });
    const title = `关于数控产线设备投资补助的诉求（附件 ${stamp()}）`;
    await page.goto("/requests/new");
    await page.locator("#title").fill(title);
    await page
      .locator("#body")
      .fill("我公司新建数控加工智能产线，新增设备清单见附件，请协助确认是否符合设备投资补助条件。");
    await page.locator("input[name=category][value=help]").check();
    await page.locator("#attachments").setInputFiles({
      name: "新增设备清单.pdf",
      mimeType: "application/pdf",
      buffer: PDF,
    });
    await send(page);
    await page.waitForURL(/\/cases\/\d+/);
    const caseId = caseIdOf(page);
    await expectState(page, "待受理");

    const section = page.locator("section", { has: page.getByRole("heading", { name: /^附件/ }) });
    await expect(section).toBeVisible();
    const link = section.getByRole("link", { name: "下载 新增设备清单.pdf" });
    await expect(link).toBeVisible();
    await expect(section).toContainText("PDF 文件");
    await expect(link).toHaveAttribute("href", new RegExp(`^/cases/${caseId}/attachments/\\d+$`));

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("新增设备清单.pdf");
    const saved = await download.path();
    expect(Buffer.compare(fs.readFileSync(saved), PDF)).toBe(0);

    if (js) await screenshot(page, "case-attachments.png");
  });

test("an executable renamed .pdf is refused and the form keeps what was typed", async ({ as, guard }) => {
  guard.allow(/status of 422/);
  const page = await as("qiye_jinggong");
  const title = `关于厂区道路维修的诉求（${stamp()}）`;
  const body = "厂区东门外道路路面破损严重，雨天积水，大型货车进出困难，请协调维修。";
  await page.goto("/requests/new");
  await page.locator("#title").fill(title);
  await page.locator("#body").fill(body);
  await page.locator("input[name=category][value=help]").check();
  await page.locator("#attachments").setInputFiles([
    { name: "道路照片说明.pdf", mimeType: "application/pdf", buffer: PDF },
    { name: "现场勘察报告.pdf", mimeType: "application/pdf", buffer: exe() },
  ]);
  await send(page);

  const error = page.locator("#attachments-error");
  await expect(error).toContainText("“现场勘察报告.pdf”不是可接受的文件");
  await expect(page.getByRole("alert").first()).toContainText("附件");
  await expect(page.locator("#title")).toHaveValue(title);
  await expect(page.locator("#body")).toHaveValue(body);
  await expect(page.locator("input[name=category][value=help]")).toBeChecked();
  // The good file was received and stays with the form; the refused one was not kept.
  const kept = page.getByRole("checkbox", { name: "保留 道路照片说明.pdf" });
  await expect(kept).toBeChecked();
  await expect(page.getByText("现场勘察报告.pdf", { exact: true })).toHaveCount(0);
  await expect(page).toHaveURL(/\/requests\/new$/);
  await screenshot(page, "request-attachments.png");

  // Sending again without the refused file files the request with the kept one.
  await send(page);
  await page.waitForURL(/\/cases\/\d+/);
  await expect(page.getByRole("link", { name: "下载 道路照片说明.pdf" })).toBeVisible();
});

test("another enterprise gets 404 for an attachment, and the demo's attachments download", async ({
  as,
  guard,
}) => {
  guard.allow(/status of 404/);
  const owner = await as("qiye_jinggong");
  await owner.goto("/requests");
  await owner.getByRole("link", { name: "关于智能化改造设备投资补助申报的求助" }).first().click();
  const link = owner.getByRole("link", { name: "下载 产线现场照片.png" });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href")) as string;
  const ok = await owner.request.get(href);
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-type"]).toBe("image/png");
  expect(ok.headers()["x-content-type-options"]).toBe("nosniff");

  const other = await as("qiye_huake");
  const refused = await other.request.get(href);
  expect(refused.status()).toBe(404);
});

test("the case list filters by category, also across pages", async ({ as }) => {
  const page = await as("tianwei");
  await page.goto("/cases");
  await page.locator("#category").selectOption({ label: "投诉" });
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/[?&]category=complaint/);
  await expect(page.locator("#category")).toHaveValue("complaint");
  const rows = page.locator("table.list tbody tr");
  await expect(rows.first()).toBeVisible();
  // Every listed case is a request; open one to see its category.
  await rows.first().locator("a").first().click();
  await expect(page.locator(".case-badges")).toContainText("投诉");

  await page.goto("/cases?category=help&pageSize=1");
  const next = page.getByRole("link", { name: /下一页/ });
  await expect(next).toHaveAttribute("href", /category=help/);
  await next.click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator("#category")).toHaveValue("help");
});
