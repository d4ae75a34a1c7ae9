import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, login, screenshot, test } from "./fixtures";

/*
 * The admin's page of one user (/admin/users/:id): editing details, a refused email, deactivating
 * a handler who is signed in elsewhere, reactivating, and resetting the password. Uses units no
 * other browser test signs in as (农业局, 生态环境局), so the changes here disturb nobody.
 */

/** From the user list on /admin, opens the page of the user with this name. */
async function openUser(admin: Page, name: string): Promise<number> {
  await admin.goto("/admin");
  await admin.locator("#users table.list").getByRole("link", { name, exact: true }).click();
  await admin.waitForURL(/\/admin\/users\/\d+$/);
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(name);
  return Number(/\/admin\/users\/(\d+)/.exec(admin.url())?.[1]);
}

test("admin edits a user's name, and a bad email is refused with what was typed kept", async ({
  as,
  guard,
}) => {
  const admin = await as("admin");
  const id = await openUser(admin, "莫家豪");
  const form = admin.locator("form#profile");
  await expect(form.getByLabel("所属单位")).toHaveValue(/\d+/);

  await form.getByLabel("姓名").fill("莫家豪（农业）");
  await form.getByRole("button", { name: "保存修改" }).click();
  await expect(admin.getByRole("status")).toHaveText("已保存修改。");
  await expect(admin).toHaveURL(new RegExp(`/admin/users/${id}\\?done=saved`));
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("莫家豪（农业）");
  // The history names the change.
  await expect(admin.locator("table.list tbody tr").first()).toContainText("修改用户资料");
  await expect(admin.locator("table.list tbody tr").first()).toContainText("姓名：莫家豪（农业）");

  await admin.locator(".crumbs").getByRole("link", { name: "用户与单位" }).click();
  await expect(admin.locator("#users table.list")).toContainText("莫家豪（农业）");

  // A bad email: refused on the field, every typed value kept, nothing written.
  guard.allow(/status of 422/);
  await admin.goto(`/admin/users/${id}`);
  await expect(form.getByLabel("邮箱")).toHaveValue("nyj_handler@demo.gov.cn");
  await form.getByLabel("姓名").fill("莫家豪（待定）");
  await form.getByLabel("邮箱").fill("mo at nyj");
  await form.getByRole("button", { name: "保存修改" }).click();
  await expect(form.getByRole("alert").first()).toHaveText("填写的内容有误，请按提示修改");
  await expect(form.locator(".field.invalid")).toHaveCount(1);
  await expect(form.locator("#email-error")).toHaveText("格式不正确");
  await expect(form.getByLabel("邮箱")).toHaveValue("mo at nyj");
  await expect(form.getByLabel("姓名")).toHaveValue("莫家豪（待定）");
  await screenshot(admin, "admin-user-error.png", { docs: false });
  await admin.reload();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("莫家豪（农业）");
  await expect(form.getByLabel("邮箱")).toHaveValue("nyj_handler@demo.gov.cn");
});

test("deactivating a handler signs them out everywhere; reactivating and a new password let them back in", async ({
  as,
  newContext,
}) => {
  // The handler is signed in in a browser of their own before anything happens.
  const handler = await as("sthj_handler", { fresh: true });
  await expect(handler).toHaveURL(/\/inbox/);

  const admin = await as("admin");
  const id = await openUser(admin, "叶青松");
  await expect(admin.locator("dl.facts")).toContainText("处登录仍有效");
  const status = admin.locator("form#active");
  await expect(status.getByRole("heading", { name: "停用账号" })).toBeVisible();
  await expect(status).toContainText("所有设备上的登录和接口令牌立即失效");

  await status.getByRole("button", { name: "停用账号" }).click();
  await expect(admin.getByRole("status")).toContainText("已停用该账号，并结束其 1 处登录");
  await expect(admin.getByRole("heading", { level: 1 }).locator(".badge")).toHaveText("已停用");
  await expect(admin.locator("dl.facts")).toContainText("当前没有有效的登录");
  await screenshot(admin, "admin-user-deactivated.png", { docs: false });
  await admin.goto("/admin?role=handler");
  await expect(
    admin.locator("#users table.list tbody tr").filter({ hasText: "叶青松" }).locator(".badge"),
  ).toHaveText("已停用");

  // The handler's open browser is sent to sign in, and cannot.
  await handler.goto("/inbox");
  await expect(handler).toHaveURL(/\/login\?redirectTo=%2Finbox$/);
  await handler.locator("#username").fill("sthj_handler");
  await handler.locator("#password").fill(DEMO_PASSWORD);
  await handler.locator("form:has(#username)").getByRole("button").click();
  await expect(handler.getByRole("alert")).toHaveText("用户名或密码不正确");
  await expect(handler).toHaveURL(/\/login/);

  // Reactivated: the same password works again.
  await admin.goto(`/admin/users/${id}`);
  await admin.locator("form#active").getByRole("button", { name: "启用账号" }).click();
  await expect(admin.getByRole("status")).toHaveText("已启用该账号，本人可以重新登录。");
  await login(handler, "sthj_handler");

  // A new password: the open session ends, the old password fails, the new one works.
  const pw = admin.locator("form#password");
  await expect(pw).toContainText("所有设备上的登录和接口令牌立即失效");
  await pw.getByLabel("新密码").fill("Shengtai-2027");
  await pw.getByRole("button", { name: "重置密码" }).click();
  await expect(admin.getByRole("status")).toContainText("密码已重置，并结束其 1 处登录");
  await handler.goto("/inbox");
  await expect(handler).toHaveURL(/\/login\?redirectTo=/);
  const other = await (await newContext()).newPage();
  await other.goto("/login");
  await other.locator("#username").fill("sthj_handler");
  await other.locator("#password").fill(DEMO_PASSWORD);
  await other.locator("form:has(#username)").getByRole("button").click();
  await expect(other.getByRole("alert")).toHaveText("用户名或密码不正确");
  await login(handler, "sthj_handler", "Shengtai-2027");
  await expect(handler).toHaveURL(/\/inbox/);
  // The history lists each step, newest first.
  await admin.goto(`/admin/users/${id}`);
  const actions = admin.locator("table.list tbody tr td:nth-child(3)");
  await expect(actions.nth(0)).toHaveText("重置密码（已结束其全部登录）");
  await expect(actions.nth(1)).toHaveText("启用用户");
  await expect(actions.nth(2)).toHaveText("停用用户（已结束其全部登录）");
  await screenshot(admin, "admin-user.png");
});

test("a weak new password and the admin's own deactivation are refused on the page", async ({
  as,
  guard,
}) => {
  guard.allow(/status of 422/);
  const admin = await as("admin");
  const id = await openUser(admin, "叶青松");
  const pw = admin.locator("form#password");
  await pw.getByLabel("新密码").fill("short");
  await pw.getByRole("button", { name: "重置密码" }).click();
  await expect(pw.locator("#new-password-error")).toHaveText("密码至少 10 个字符");
  await expect(pw.getByLabel("新密码")).toHaveValue("");
  await expect(admin.locator("table.list tbody tr td:nth-child(3)").first()).toHaveText(
    "重置密码（已结束其全部登录）",
  );
  expect(id).toBeGreaterThan(0);

  // Their own account: the page says so, and updateUser's refusal is shown where it applies.
  await openUser(admin, "系统管理员");
  await expect(admin.locator("form#profile")).toContainText("这是您自己的账号");
  await admin.locator("form#active").getByRole("button", { name: "停用账号" }).click();
  await expect(admin.locator("form#active .field-error")).toHaveText(
    "不能停用自己的账号或取消自己的管理员角色",
  );
  await admin.locator("form#profile").getByLabel("角色").selectOption({ label: "承办人" });
  await admin.locator("form#profile").getByRole("button", { name: "保存修改" }).click();
  await expect(admin.locator("form#profile #role-error")).toHaveText(
    "不能停用自己的账号或取消自己的管理员角色",
  );
  await expect(admin.locator("form#profile").getByLabel("角色")).toHaveValue("handler");
  await admin.reload();
  await expect(admin.locator("form#profile").getByLabel("角色")).toHaveValue("admin");
});

test("someone who is not an admin cannot open a user's page", async ({ as, guard }) => {
  guard.allow(/status of 403/);
  const admin = await as("admin");
  const id = await openUser(admin, "叶青松");
  for (const who of ["fgj_handler", "tianwei"]) {
    const page = await as(who);
    const r = await page.goto(`/admin/users/${id}`);
    expect(r?.status(), who).toBe(403);
    await expect(page.locator("form#profile")).toHaveCount(0);
  }
});
