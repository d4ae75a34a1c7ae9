import type { FieldProblems } from "../../workflows/errors";
import { adminUsers } from "./admin-users";
import { attachments } from "./attachments";
import { bulletins } from "./bulletins";
import { calendar } from "./calendar";
import { casePage } from "./case-page";
import { core } from "./core";
import { enterprise } from "./enterprise";
import { mail } from "./mail";
import { pages } from "./pages";
import { search } from "./search";
import { security } from "./security";
import { stats } from "./stats";
import { supervision } from "./supervision";

export type Lang = "zh-CN" | "en";
export const LANGS: Lang[] = ["zh-CN", "en"];

const dictionaries: Record<Lang, Record<string, string>> = {
  "zh-CN": {
    ...core["zh-CN"],
    ...bulletins["zh-CN"],
    ...pages["zh-CN"],
    ...casePage["zh-CN"],
    ...mail["zh-CN"],
    ...enterprise["zh-CN"],
    ...supervision["zh-CN"],
    ...attachments["zh-CN"],
    ...calendar["zh-CN"],
    ...stats["zh-CN"],
    ...search["zh-CN"],
    ...security["zh-CN"],
    ...adminUsers["zh-CN"],
  },
  en: {
    ...bulletins.en,
    ...core.en,
    ...pages.en,
    ...casePage.en,
    ...mail.en,
    ...enterprise.en,
    ...supervision.en,
    ...attachments.en,
    ...calendar.en,
    ...stats.en,
    ...search.en,
    ...security.en,
    ...adminUsers.en,
  },
};

/** A message in the given language; `{name}` placeholders are filled from params. Unknown keys show as the key. */
export function t(lang: Lang, key: string, params?: Record<string, unknown>): string {
  const template = dictionaries[lang][key] ?? dictionaries["zh-CN"][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, k) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

export function hasKey(lang: Lang, key: string): boolean {
  return key in dictionaries[lang];
}

/** Field problems worded for a person. */
export function fieldMessages(lang: Lang, problems: FieldProblems | undefined): Record<string, string> {
  // Field names may be anything a sender wrote ("__proto__" included): no prototype to collide with.
  const out: Record<string, string> = Object.create(null);
  for (const [field, p] of Object.entries(problems ?? {})) out[field] = t(lang, `field.${p.code}`, p.params);
  return out;
}

export function isLang(v: unknown): v is Lang {
  return v === "zh-CN" || v === "en";
}
