import { createCookie } from "@remix-run/node";
import { isLang, type Lang } from "../i18n";

export const langCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  maxAge: 365 * 86400,
  httpOnly: true,
});

/** The language to answer in: the chosen one, else the user's preference, else the browser's, else Chinese. */
export async function langOf(request: Request, user?: { locale: string } | null): Promise<Lang> {
  const chosen = await langCookie.parse(request.headers.get("Cookie"));
  if (isLang(chosen)) return chosen;
  if (user && isLang(user.locale)) return user.locale;
  const accept = request.headers.get("Accept-Language") ?? "";
  if (/^en\b/i.test(accept.trim())) return "en";
  return "zh-CN";
}
