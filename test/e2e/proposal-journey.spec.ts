import type { Page } from "@playwright/test";
import { expect, screenshot, test } from "./fixtures";
import { caseIdOf, eventForm, expectDone, expectState, rowOf, submitEvent } from "./helpers";

/**
 * One proposal from the delegate's first keystroke to the closed case, every step in the browser as
 * the person whose step it is, each in their own browser context (their own session cookie).
 */
test("a proposal goes from submission to a rated, closed case", async ({ as, guard }) => {
  test.setTimeout(180_000);
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const title = `关于完善社区口袋公园建设的建议（E2E ${stamp}）`;
  const body = "我区老城区公共绿地分布不均，居民就近休闲空间不足。建议利用边角地建设口袋公园。";
  const measures = "一是摸排边角地；二是制定建设导则；三是引导社区参与维护。";
  const opinionGhj = "我局将在国土空间详细规划中统筹口袋公园用地，优先利用存量边角地。";
  const opinionKgx = "我局可协调辖区企业以认建认养方式参与口袋公园建设与维护。";
  const replyBody =
    "林思远委员：\n您提出的关于完善社区口袋公园建设的建议收悉。我局会同相关单位研究，现答复如下。\n一、已完成边角地摸排，明年起分批建设。";
  let caseId = 0;
  const caseUrl = () => `/cases/${caseId}`;
  const pages: Record<string, Page> = {};
  const person = async (username: string) => {
    pages[username] ??= await as(username);
    return pages[username];
  };

  await test.step("delegate weiyuan_lin writes and submits a proposal with a co-signer", async () => {
    const page = await person("weiyuan_lin");
    await page.goto("/proposals/new");
    await expect(page.getByRole("heading", { level: 1, name: "新建提案" })).toBeVisible();
    await page.locator("#title").fill(title);
    await page.locator("#body").fill(body);
    await page.locator("#measures").fill(measures);
    await page.getByRole("checkbox", { name: "陈雅琴" }).check();
    await screenshot(page, "journey-new-proposal.png", { docs: false });
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await page.waitForURL(/\/cases\/\d+$/);
    caseId = caseIdOf(page);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expectState(page, "待审查");
    await expect(page.locator(".case-facts")).toContainText("陈雅琴");
    await expect(page.locator(".next-panel")).toContainText("已提交，等待提案委审查立案");
    // It is in her list too, under review.
    await page.goto("/proposals?tab=review");
    await expect(rowOf(page, title).locator(".badge")).toContainText(["待审查"]);
  });

  await test.step("supervisor tianwei finds it in /supervision (待审查) and accepts it (立案)", async () => {
    const page = await person("tianwei");
    await page.goto("/supervision");
    await page
      .locator("nav.tabs")
      .getByRole("link", { name: /待审查/ })
      .click();
    await expect(page).toHaveURL(/tab=submitted/);
    const row = rowOf(page, title);
    await expect(row).toContainText("林思远");
    await row.getByRole("link", { name: "审查" }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await expectState(page, "待审查");
    await eventForm(page, "ACCEPT");
    await submitEvent(page, "ACCEPT", "立案");
    await expectDone(page, "立案");
    await expectState(page, "已立案");
    await expect(page.locator(".case-head .case-number")).toContainText(/第\d+号/);
  });

  await test.step("tianwei assigns it (交办): lead 区发展和改革局, co 区规划和自然资源分局 and 区科工商信局", async () => {
    const page = await person("tianwei");
    const form = await eventForm(page, "ASSIGN");
    await form.getByLabel("主办单位").selectOption({ label: "区发展和改革局" });
    const co = form.getByRole("group", { name: /会办单位/ });
    await co.getByRole("checkbox", { name: "区规划和自然资源分局" }).check();
    await co.getByRole("checkbox", { name: "区科工商信局" }).check();
    await submitEvent(page, "ASSIGN", "确认交办");
    await expectDone(page, "交办");
    await expectState(page, "已交办");
    await expect(page.locator(".case-facts")).toContainText("区发展和改革局");
  });

  await test.step("a handler of a unit not assigned gets a 404 page for the case URL", async () => {
    // The browser itself logs the 404 of the document it was given.
    guard.allow(/status of 404/);
    const page = await person("jtj_handler");
    const res = await page.goto(caseUrl());
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "404" })).toBeVisible();
    await expect(page.getByText("未找到该记录，或您无权查看")).toBeVisible();
    await expect(page.getByText(title)).toHaveCount(0);
    await screenshot(page, "journey-404.png", { docs: false });
  });

  for (const [username, unitRole] of [
    ["fgj_handler", "主办"],
    ["ghj_handler", "会办"],
    ["kgx_handler", "会办"],
  ] as const) {
    await test.step(`${username} signs for it (签收) from the unit inbox`, async () => {
      const page = await person(username);
      await page.goto("/inbox?tab=pending");
      const row = rowOf(page, title);
      await expect(row).toContainText(unitRole);
      await row.getByRole("link", { name: "查看并签收" }).click();
      await page.waitForURL(new RegExp(`/cases/${caseId}$`));
      // The lead unit's signature starts the handling; the co-units' do not change the state.
      if (username === "fgj_handler") await expectState(page, "已交办");
      await eventForm(page, "SIGN");
      await submitEvent(page, "SIGN", "确认签收");
      await expectDone(page, "签收");
      await expectState(page, "办理中");
      await expect(page.locator("#form-SIGN")).toHaveCount(0);
    });
  }

  for (const [username, opinion] of [
    ["ghj_handler", opinionGhj],
    ["kgx_handler", opinionKgx],
  ] as const) {
    await test.step(`${username} sends the co-handling opinion (会办意见)`, async () => {
      const page = await person(username);
      await page.goto(caseUrl());
      const form = await eventForm(page, "SUBMIT_OPINION");
      await form.getByLabel("会办意见").fill(opinion);
      await submitEvent(page, "SUBMIT_OPINION", "提交会办意见");
      await expectDone(page, "提交会办意见");
      await expectState(page, "办理中");
      await expect(page.locator("#form-SUBMIT_OPINION")).toHaveCount(0);
    });
  }

  await test.step("fgj_handler records a phone contact with the proposer", async () => {
    const page = await person("fgj_handler");
    await page.goto(caseUrl());
    // What is still missing before a reply can be written.
    await expect(page.locator(".checklist .done")).toContainText(["会办意见已收齐"]);
    await expect(page.locator(".checklist .todo")).toContainText(["与提案人沟通联系"]);
    const deadlines = page.locator("section:has(#deadlines-title)");
    await expect(deadlines).toContainText("答复");
    await expect(deadlines.locator("table.deadlines tbody tr").first()).toBeVisible();
    await screenshot(page, "journey-handling.png", { docs: false });
    const form = await eventForm(page, "RECORD_CONTACT");
    await expect(form.getByLabel("联系方式")).toHaveValue("phone");
    await form.getByLabel("沟通情况").fill("电话联系林思远委员，介绍办理思路，委员表示认可。");
    await submitEvent(page, "RECORD_CONTACT", "保存沟通记录");
    await expectDone(page, "记录沟通联系");
    await expect(page.locator(".checklist")).toHaveCount(0);
  });

  await test.step("an empty reply body is refused field by field, keeping everything else typed", async () => {
    // Chromium logs the 422 answer of the refused form post.
    guard.allow(/status of 422/);
    const page = await person("fgj_handler");
    const form = await eventForm(page, "SUBMIT_REPLY");
    await form.getByRole("radio", { name: /B类/ }).check();
    await form.getByRole("textbox", { name: "联系人", exact: true }).fill("陈晓峰");
    await form.getByLabel("联系电话").fill("020-8000 1011");
    await form.getByLabel("承诺事项 1", { exact: true }).fill("2027年6月前建成首批5个口袋公园");
    await form.getByLabel("承诺事项 1 完成日期").fill("2027-06-30");
    await submitEvent(page, "SUBMIT_REPLY", "提交答复，送负责人签发");

    await expect(page.getByRole("alert").filter({ hasText: "「提交答复」未能提交。" })).toBeVisible();
    const again = page.locator("#form-SUBMIT_REPLY");
    await expect(page.locator("#SUBMIT_REPLY-body-error")).toHaveText(/此项必填|不能少于/);
    await expect(again.getByLabel("答复正文")).toHaveAttribute("aria-invalid", "true");
    await expect(again.getByLabel("答复正文")).toHaveValue("");
    await expect(again.getByRole("radio", { name: /B类/ })).toBeChecked();
    await expect(again.getByRole("textbox", { name: "联系人", exact: true })).toHaveValue("陈晓峰");
    await expect(again.getByLabel("联系电话")).toHaveValue("020-8000 1011");
    await expect(again.getByLabel("承诺事项 1", { exact: true })).toHaveValue(
      "2027年6月前建成首批5个口袋公园",
    );
    await expect(again.getByLabel("承诺事项 1 完成日期")).toHaveValue("2027-06-30");
    await screenshot(page, "journey-reply-refused.png", { docs: false });
    // Only the body is in error.
    await expect(again.locator(".field-error")).toHaveCount(1);
    await expectState(page, "办理中");
  });

  await test.step("fgj_handler drafts a B-class reply with contact name and phone", async () => {
    const page = await person("fgj_handler");
    const form = page.locator("#form-SUBMIT_REPLY");
    await form.getByLabel("答复正文").fill(replyBody);
    await submitEvent(page, "SUBMIT_REPLY", "提交答复，送负责人签发");
    await expectDone(page, "提交答复");
    await expectState(page, "答复待签发");
    await expect(page.locator(".review-card")).toContainText("现答复如下");
  });

  await test.step("fgj_handler (not a head) is not offered 签发", async () => {
    const page = await person("fgj_handler");
    await page.goto(caseUrl());
    await expectState(page, "答复待签发");
    await expect(page.locator("#form-APPROVE_REPLY")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /签发答复/ })).toHaveCount(0);
    await expect(page.locator(".next-panel")).toContainText("等待承办单位负责人签发");
    await page.goto("/inbox?tab=review");
    await expect(rowOf(page, title)).toContainText("待负责人签发");
    await expect(rowOf(page, title).getByRole("link", { name: "审核签发" })).toHaveCount(0);
  });

  await test.step("fgj_head approves the reply (签发) from the inbox", async () => {
    const page = await person("fgj_head");
    await page.goto("/inbox");
    await expect(page.locator("nav.tabs").getByRole("link", { name: /待签发/ })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await rowOf(page, title).getByRole("link", { name: "审核签发" }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await expect(page.locator(".review-card")).toContainText("B类");
    await eventForm(page, "APPROVE_REPLY");
    await submitEvent(page, "APPROVE_REPLY", "签发答复");
    await expectDone(page, "签发答复");
    await expectState(page, "已答复");
  });

  await test.step("weiyuan_lin sees the reply and rates it 基本满意", async () => {
    const page = await person("weiyuan_lin");
    await page.goto("/proposals");
    const todo = page.locator("section.todo");
    await expect(todo).toContainText(title);
    await todo.locator("li", { hasText: title }).getByRole("link", { name: "去测评" }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await expectState(page, "已答复");
    const reply = page.locator("section", { has: page.locator("#reply-title") });
    await expect(reply).toContainText("已完成边角地摸排");
    await expect(reply).toContainText("陈晓峰");
    await expect(reply).toContainText("020-8000 1011");
    // The units' internal exchanges are not shown to the proposer.
    await expect(page.getByText(opinionGhj)).toHaveCount(0);
    const form = await eventForm(page, "EVALUATE");
    await form
      .getByRole("group", { name: /对办理态度/ })
      .getByRole("radio", { name: "基本满意" })
      .check();
    await form
      .getByRole("group", { name: /对办理结果/ })
      .getByRole("radio", { name: "基本满意" })
      .check();
    await form.getByLabel(/意见和建议/).fill("希望加快建设进度。");
    await submitEvent(page, "EVALUATE", "提交测评");
    await expectDone(page, "满意度测评");
  });

  await test.step("the case shows 已办结 and 基本满意, and the history lists every event", async () => {
    const page = await person("weiyuan_lin");
    await page.goto(caseUrl());
    const badges = page.locator(".case-head .case-badges");
    await expectState(page, "已办结");
    await expect(badges).toContainText("基本满意");
    await expect(badges).toContainText("B类");
    const events = page.locator("section:has(#history-title) .tl-event");
    await expect(events).toHaveText([
      "起草",
      "提交",
      "立案",
      "交办",
      "签收",
      "签收",
      "签收",
      "提交会办意见",
      "提交会办意见",
      "记录沟通联系",
      "提交答复",
      "签发答复",
      "满意度测评",
    ]);
    const history = page.locator("section:has(#history-title)");
    await expect(history).toContainText("区发展和改革局");
    await expect(history).toContainText("已答复 → 已办结");
  });
});
