/** Words of account security: signing out everywhere, and refusals of account changes. */
export const security = {
  "zh-CN": {
    "settings.sessions.title": "登录设备",
    "settings.sessions.body":
      "如果您在别人的电脑上登录过，或怀疑密码已泄露，可以退出所有设备：所有浏览器登录和接口令牌立即失效，本设备也需要重新登录。",
    "settings.sessions.button": "退出所有设备",
    "settings.sessions.limits": "闲置 {idle} 分钟未操作，或登录满 {hours} 小时，将自动退出。",
    "login.signedOutEverywhere": "已退出所有设备，请重新登录。",
    "login.sessionEnded": "登录已过期，请重新登录。",
    "field.own_account": "不能停用自己的账号或取消自己的管理员角色",
    "reason.user_not_found": "用户不存在",
    "reason.department_not_found": "单位不存在",
    "reason.policy_not_found": "没有这项时限规则",
  },
  en: {
    "settings.sessions.title": "Signed-in devices",
    "settings.sessions.body":
      "If you signed in on someone else's computer, or think your password is known, sign out everywhere: every browser session and API token ends at once, and this device signs in again too.",
    "settings.sessions.button": "Sign out everywhere",
    "settings.sessions.limits":
      "You are signed out after {idle} minutes without activity, or {hours} hours after signing in.",
    "login.signedOutEverywhere": "Signed out everywhere. Please sign in again.",
    "login.sessionEnded": "Your session has ended. Please sign in again.",
    "field.own_account": "You cannot deactivate your own account or remove your own admin role",
    "reason.user_not_found": "No such user",
    "reason.department_not_found": "No such department",
    "reason.policy_not_found": "No such policy",
  },
};
