/** Words of the case page, its action forms and the reply letter. */
export const casePage: Record<"zh-CN" | "en", Record<string, string>> = {
  "zh-CN": {},
  en: {},
};
