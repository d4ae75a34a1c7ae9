import type { Page } from "@playwright/test";
import { expect, screenshot, test } from "./fixtures";
import { caseIdOf, eventForm, expectDone, expectState, submitEvent } from "./helpers";

/**
 * One enterprise request from the enterprise's form to the closed case: dispatched to the wrong
 * unit and returned (退单), re-dispatched, paused for information, replied to, rated unsatisfied,
 * re-handled and rated satisfied. Every step in the browser as the person whose step it is.
 */
test("an enterprise request is returned, re-dispatched, re-handled and closed", async ({ as, guard }) => {
  test.setTimeout(180_000);
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const title = `关于协调知识产权质押融资贴息的诉求（E2E ${stamp}）`;
  const body =
    "我公司以三项发明专利向银行申请知识产权质押贷款，评估费用较高、放款周期较长，希望协调合作银行并落实贴息政策。";
  const question = "请提供拟质押专利的证书编号和合作银行名称。";
  const answer = "专利证书编号 ZL2023 1 0000001.1 等三项，合作银行为江南农村商业银行湖塘支行。";
  const firstReply = "已协调合作银行开辟绿色通道，评估费用按区政策给予50%补贴。";
  const secondReply = "经再次协调，合作银行承诺10个工作日内放款，贴息申报材料已由我局代为预审。";
  let caseId = 0;
  const caseUrl = () => `/cases/${caseId}`;
  const pages: Record<string, Page> = {};
  const person = async (username: string) => {
    pages[username] ??= await as(username);
    return pages[username];
  };
  /** opens the case as this person and checks the state before acting */
  const open = async (username: string, state: string) => {
    const page = await person(username);
    await page.goto(caseUrl());
    await expectState(page, state);
    return page;
  };
  /** the unit select of the dispatch form lists suggested units as "name · why": choose by name */
  const chooseUnit = async (page: Page, name: string) => {
    const form = await eventForm(page, "ASSIGN");
    const select = form.getByLabel("承办单位");
    const value = await select
      .locator("option")
      .filter({ hasText: new RegExp(`^${name}( · |$)`) })
      .first()
      .getAttribute("value");
    expect(value).toBeTruthy();
    await select.selectOption(value as string);
  };
  const reply = async (text: string, state: string) => {
    const page = await open("kgx_handler", state);
    const form = await eventForm(page, "SUBMIT_REPLY");
    await form.locator("input[name=resolution][value=resolved]").check();
    await form.getByLabel("答复正文").fill(text);
    await submitEvent(page, "SUBMIT_REPLY", "提交答复，送负责人签发");
    await expectDone(page, "提交答复");
    await expectState(page, "答复待签发");
  };
  const approve = async () => {
    const page = await open("kgx_head", "答复待签发");
    await eventForm(page, "APPROVE_REPLY");
    await submitEvent(page, "APPROVE_REPLY", "签发答复");
    await expectDone(page, "签发答复");
    await expectState(page, "已答复");
  };
  const rate = async (rating: string, comment: string, after: string) => {
    const page = await open("qiye_jinggong", "已答复");
    const form = await eventForm(page, "FEEDBACK");
    await form.getByRole("radio", { name: rating, exact: true }).check();
    await form.getByLabel(/评价意见|意见和建议/).fill(comment);
    await submitEvent(page, "FEEDBACK", "提交评价");
    await expectDone(page, "评价");
    await expectState(page, after);
  };

  await test.step("enterprise qiye_jinggong submits a request (help, 产融对接)", async () => {
    const page = await person("qiye_jinggong");
    await page.goto("/requests/new");
    await page.locator("#title").fill(title);
    await page.locator("#body").fill(body);
    await page.locator("input[name=category][value=help]").check();
    await page.locator("#theme").selectOption({ label: "产融对接" });
    await page.locator("input[name=priority][value=normal]").check();
    await page.getByRole("button", { name: "提交诉求", exact: true }).click();
    // Similar requests of the same enterprise make the form ask once more.
    const again = page.getByRole("button", { name: "不是重复，提交" });
    await expect(page.locator(".case-head").or(again)).toBeVisible();
    if (await again.isVisible()) await again.click();
    await page.waitForURL(/\/cases\/\d+/);
    caseId = caseIdOf(page);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expectState(page, "待受理");
    await page.goto("/requests");
    await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
  });

  await test.step("tianwei accepts it (受理) and assigns it to 区发展和改革局", async () => {
    const page = await open("tianwei", "待受理");
    const accept = await eventForm(page, "ACCEPT");
    await accept.locator("input[name=category][value=help]").check();
    await accept.getByLabel("主题").selectOption({ label: "产融对接" });
    await accept.locator("input[name=priority][value=normal]").check();
    await submitEvent(page, "ACCEPT", "受理");
    await expectDone(page, "受理");
    await expectState(page, "已受理");
    await chooseUnit(page, "区发展和改革局");
    await submitEvent(page, "ASSIGN", "确认交办");
    await expectDone(page, "交办");
    await expectState(page, "已交办");
    await expect(page.locator(".case-facts")).toContainText("区发展和改革局");
  });

  await test.step("another enterprise's user gets a 404 page for the case URL", async () => {
    guard.allow(/status of 404/);
    const page = await person("qiye_huake");
    const res = await page.goto(caseUrl());
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "404" })).toBeVisible();
    await expect(page.getByText(title)).toHaveCount(0);
  });

  await test.step("fgj_head returns it (退单) as not our remit, suggesting 区科工商信局", async () => {
    const page = await open("fgj_head", "已交办");
    const form = await eventForm(page, "RETURN");
    await form.getByLabel("退单原因").selectOption("not_our_remit");
    await form.getByLabel(/建议改派单位/).selectOption({ label: "区科工商信局" });
    await form.getByLabel("退单说明").fill("知识产权质押融资贴息属科技金融政策，由区科工商信局负责。");
    await submitEvent(page, "RETURN", "确认退单");
    await expectDone(page, "退单");
    await expectState(page, "已受理");
  });

  await test.step("tianwei sees the return and re-assigns it to 区科工商信局", async () => {
    const page = await open("tianwei", "已受理");
    const notice = page.locator(".next-panel .notice").filter({ hasText: "退单" });
    await expect(notice).toContainText("区发展和改革局");
    await expect(notice).toContainText("不属于本单位职责");
    await expect(notice).toContainText("建议改派：区科工商信局");
    await chooseUnit(page, "区科工商信局");
    await submitEvent(page, "ASSIGN", "确认交办");
    await expectDone(page, "交办");
    await expectState(page, "已交办");
    await expect(page.locator(".case-facts")).toContainText("区科工商信局");
  });

  await test.step("kgx_handler signs for it (签收)", async () => {
    const page = await open("kgx_handler", "已交办");
    await eventForm(page, "SIGN");
    await submitEvent(page, "SIGN", "确认签收");
    await expectDone(page, "签收");
    await expectState(page, "办理中");
  });

  await test.step("kgx_handler asks the enterprise for information", async () => {
    const page = await open("kgx_handler", "办理中");
    const form = await eventForm(page, "REQUEST_INFO");
    await form.getByLabel("需要企业补充的内容").fill(question);
    await submitEvent(page, "REQUEST_INFO", "发送给企业");
    await expectDone(page, "要求补充材料");
    await expectState(page, "待企业补充材料");
  });

  await test.step("the enterprise answers the question", async () => {
    const page = await open("qiye_jinggong", "待企业补充材料");
    await expect(page.getByText(question).first()).toBeVisible();
    const form = await eventForm(page, "PROVIDE_INFO");
    await form.getByLabel("补充内容").fill(answer);
    await submitEvent(page, "PROVIDE_INFO", "提交补充材料");
    await expectDone(page, "补充材料");
    await expectState(page, "办理中");
  });

  await test.step("kgx_handler replies (resolved) and kgx_head approves", async () => {
    await reply(firstReply, "办理中");
    await approve();
  });

  await test.step("the enterprise rates it 不满意: it goes back for re-handling", async () => {
    await rate("不满意", "贴息比例和放款时间都没有落实，请再协调。", "重新办理");
  });

  await test.step("kgx_handler replies again and kgx_head approves", async () => {
    await reply(secondReply, "重新办理");
    await approve();
  });

  await test.step("the enterprise rates it 满意: the case is 已办结", async () => {
    await rate("满意", "放款已到账，感谢。", "已办结");
    const page = await open("qiye_jinggong", "已办结");
    await expect(page.getByText(secondReply).first()).toBeVisible();
    await screenshot(page, "enterprise-case.png", { docs: false });
  });
});
