import { useRouteLoaderData } from "@remix-run/react";
import { type Lang, t } from "../i18n";

interface RootData {
  lang: Lang;
}

/** The current language and a translator bound to it, for any component. */
export function useT() {
  const data = useRouteLoaderData<RootData>("root");
  const lang: Lang = data?.lang ?? "zh-CN";
  return { lang, t: (key: string, params?: Record<string, unknown>) => t(lang, key, params) };
}
