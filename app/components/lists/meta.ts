import type { MetaFunction } from "@remix-run/node";
import { type Lang, t } from "../../i18n";

/** A page title in the reader's language (the root loader knows it). */
export function titled(key: string): MetaFunction {
  return ({ matches }) => {
    const root = matches.find((m) => m.id === "root")?.data as { lang?: Lang } | undefined;
    const lang = root?.lang ?? "zh-CN";
    return [{ title: `${t(lang, key)} · ${t(lang, "app.name")}` }];
  };
}
