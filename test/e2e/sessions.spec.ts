import { expect, screenshot, test } from "./fixtures";

/*
 * "Sign out everywhere" from a person's settings, in two browsers at once: the one that asks (here
 * without JavaScript: it is a plain form) lands on the sign-in page with a notice, and the other
 * finds its session gone.
 */

test("signing out everywhere ends the other browser's session too (no JavaScript needed)", async ({ as }) => {
  const here = await as("weiyuan_huang", { fresh: true, javaScriptEnabled: false });
  const elsewhere = await as("weiyuan_huang", { fresh: true });
  await here.goto("/settings");
  const card = here.locator("form#sessions");
  await expect(card.getByRole("heading", { name: "登录设备" })).toBeVisible();
  await expect(card).toContainText("闲置 120 分钟未操作，或登录满 12 小时，将自动退出。");
  await screenshot(here, "settings-sessions.png");

  await card.getByRole("button", { name: "退出所有设备" }).click();
  await expect(here).toHaveURL(/\/login\?ended=everywhere$/);
  await expect(here.getByRole("status")).toHaveText("已退出所有设备，请重新登录。");

  await elsewhere.goto("/settings");
  await expect(elsewhere).toHaveURL(/\/login\?redirectTo=%2Fsettings$/);
});
