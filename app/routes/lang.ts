import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { isLang } from "../i18n";
import { langCookie } from "../utils/lang.server";
import { safeRedirect } from "../utils/redirect";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  const to = safeRedirect(form.get("redirectTo"));
  return redirect(to, {
    headers: { "Set-Cookie": await langCookie.serialize(isLang(lang) ? lang : "zh-CN") },
  });
}

export const loader = () => redirect("/");
