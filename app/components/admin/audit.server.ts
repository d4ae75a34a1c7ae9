import { type Lang, t } from "../../i18n";
import { formatDateTime } from "../case/shared";
import { TIME_ZONE } from "../lists/server.server";
import type { AuditRow } from "./AuditTable";

/*
 * How the admin pages show the admin_audit log: the time in the deadlines' time zone, and a line a
 * person can read for each kind of action.
 */

/** A timestamp as 2026-03-02 09:15, in the office's time zone (empty for none). */
export function stamp(iso: string | null | undefined): string {
  return formatDateTime(iso, TIME_ZONE);
}

/** Names for the ids an audit row may carry (units, enterprises); an unknown id shows as #id. */
export interface AuditNames {
  departments?: ReadonlyMap<number, string>;
  enterprises?: ReadonlyMap<number, string>;
}

const PROFILE_LABELS: Record<string, string> = {
  display_name: "admin.user.displayName",
  email: "admin.user.email",
  locale: "admin.user.locale",
};

function named(map: ReadonlyMap<number, string> | undefined, id: unknown): string {
  if (id === null || id === undefined) return "—";
  return map?.get(Number(id)) ?? `#${id}`;
}

/** "sessions and tokens ended" of a deactivation or a password reset. */
function ended(lang: Lang, d: Record<string, unknown>): string {
  const e = (d.endedSessions ?? {}) as { sessions?: number; tokens?: number };
  return t(lang, "adminUser.audit.ended", { sessions: e.sessions ?? 0, tokens: e.tokens ?? 0 });
}

/** A line a person can read for each audited action. */
/** admin_audit rows (db/audit.ts `recentAdminActions`) as the admin pages' AuditTable shows them. */
export function auditRows(
  lang: Lang,
  rows: ReadonlyArray<{
    id: number;
    action: string;
    target: string;
    detail: string;
    created_at: string;
    actor_name: string | null;
  }>,
  names: AuditNames = {},
): AuditRow[] {
  return rows.map((a) => ({
    id: a.id,
    at: stamp(a.created_at),
    actor: a.actor_name,
    action: a.action,
    text: auditText(lang, a.action, a.target, a.detail, names),
  }));
}

export function auditText(
  lang: Lang,
  action: string,
  target: string,
  detailJson: string,
  names: AuditNames = {},
): string {
  let d: Record<string, unknown> = {};
  try {
    d = JSON.parse(detailJson) as Record<string, unknown>;
  } catch {
    d = {};
  }
  switch (action) {
    case "department.create":
      return String(d.name ?? target);
    case "user.create":
      return `${d.displayName ?? ""}（${d.username ?? ""}，${t(lang, `role.${d.role}`)}）`;
    case "user.update":
      return Object.entries(d)
        .map(([k, v]) => {
          const value = k === "locale" ? (v === "en" ? "English" : "中文") : (v ?? "—");
          return `${PROFILE_LABELS[k] ? t(lang, PROFILE_LABELS[k]) : k}：${value}`;
        })
        .join("；");
    case "user.role": {
      const from = (d.from ?? {}) as Record<string, unknown>;
      const to = (d.to ?? {}) as Record<string, unknown>;
      const parts: string[] = [];
      if ("role" in to)
        parts.push(
          `${t(lang, "admin.user.role")}：${t(lang, `role.${from.role}`)} → ${t(lang, `role.${to.role}`)}`,
        );
      if ("department_id" in to)
        parts.push(
          `${t(lang, "admin.user.department")}：${named(names.departments, from.department_id)} → ${named(names.departments, to.department_id)}`,
        );
      if ("enterprise_id" in to)
        parts.push(
          `${t(lang, "adminUser.enterprise")}：${named(names.enterprises, from.enterprise_id)} → ${named(names.enterprises, to.enterprise_id)}`,
        );
      return parts.join("；");
    }
    case "user.deactivate":
    case "user.password":
      return ended(lang, d);
    case "user.activate":
      return "";
    case "calendar.set": {
      const date = target.replace(/^date:/, "");
      const name = d.name ? ` ${d.name}` : "";
      return `${date} → ${t(lang, `calendar.kind.${d.kind}`)}${name}`;
    }
    default:
      return `${target} ${detailJson}`;
  }
}
