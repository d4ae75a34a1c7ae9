import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseError } from "../../workflows/errors";
import { StateBadge } from "../components/lists/StateBadge";
import { hasKey, t as translate } from "../i18n";
import { enterpriseProfile, REGISTRY_ROLES } from "../models/enterprise.server";
import { requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.enterprise.name} · ${data.appName}` : "404" },
];

/** The order a reader follows a request in: intake, work, answer, done. */
const STATE_ORDER = [
  "submitted",
  "accepted",
  "assigned",
  "handling",
  "awaiting_submitter",
  "reply_review",
  "replied",
  "rehandling",
  "closed",
  "rejected",
  "merged",
];
const CATEGORY_ORDER = ["consult", "help", "suggestion", "complaint", "none"];

function idOf(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d{1,10}$/.test(raw) || !Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647)
    throw new Response("Not found", { status: 404 });
  return n;
}

/**
 * 企业档案: staff (supervisor, admin) see any enterprise; an enterprise user only their own. Anyone
 * else is told it does not exist (DESIGN.md: not visible answers 404).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await langOf(request, user);
  const id = idOf(params.id);
  const profile = await enterpriseProfile(user, id).catch((e) => {
    if (e instanceof CaseError && e.code === "not_found") throw new Response("Not found", { status: 404 });
    throw e;
  });
  const created = new URL(request.url).searchParams.get("created") === "1";
  return {
    ...profile,
    cases: profile.cases.map((c) => ({
      ...c,
      themeText: c.theme
        ? hasKey(lang, `enterprise.theme.${c.theme}`)
          ? translate(lang, `enterprise.theme.${c.theme}`)
          : c.themeLabel
        : null,
    })),
    appName: translate(lang, "app.name"),
    isStaff: REGISTRY_ROLES.includes(user.role),
    notice: created
      ? translate(
          lang,
          profile.enterprise.usccChecked ? "enterprises.created" : "enterprises.createdOverride",
          {
            name: profile.enterprise.name,
          },
        )
      : null,
  };
}

function Counts({ title, entries }: { title: string; entries: Array<[string, string, number]> }) {
  return (
    <div>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p className="muted">—</p>
      ) : (
        <div className="stats">
          {entries.map(([key, label, n]) => (
            <div key={key} className="stat">
              <b>{n}</b>
              <span>{label}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export default function EnterpriseProfile() {
  const {
    enterprise: e,
    users,
    cases,
    casesLinked,
    counts,
    isStaff,
    notice,
  } = useLoaderData<typeof loader>();
  const { t } = useT();
  const byState = STATE_ORDER.filter((s) => counts.byState[s]).map(
    (s) => [s, t(`state.${s}`), counts.byState[s]] as [string, string, number],
  );
  const byCategory = CATEGORY_ORDER.filter((c) => counts.byCategory[c]).map(
    (c) => [c, t(`enterprise.category.${c}`), counts.byCategory[c]] as [string, string, number],
  );
  const dash = <span className="muted">—</span>;

  return (
    <>
      {isStaff ? (
        <nav className="crumbs">
          <Link to="/enterprises">{t("enterprise.back")}</Link>
        </nav>
      ) : null}
      <div className="page-head">
        <div>
          <h1>{e.name}</h1>
          <p>
            {t("enterprise.uscc")} <code>{e.uscc}</code>
            {e.usccChecked ? null : <span className="badge warn">{t("enterprise.usccUnchecked")}</span>}
          </p>
        </div>
      </div>
      {notice ? (
        <div className="alert-box ok" role="status">
          {notice}
        </div>
      ) : null}

      <section className="grid grid-2 section">
        <div className="card">
          <h2>{t("enterprise.profile")}</h2>
          <table className="list">
            <tbody>
              <tr>
                <th scope="row">{t("enterprises.field.region")}</th>
                <td>{e.region ?? dash}</td>
              </tr>
              <tr>
                <th scope="row">{t("enterprises.field.industry")}</th>
                <td>{e.industry ?? dash}</td>
              </tr>
              <tr>
                <th scope="row">{t("enterprises.field.size")}</th>
                <td>{e.size ? t(`enterprises.size.${e.size}`) : dash}</td>
              </tr>
              <tr>
                <th scope="row">{t("enterprise.contact")}</th>
                <td>
                  {e.contactName ?? dash}
                  {e.contactPhone ? <span className="muted"> · {e.contactPhone}</span> : null}
                </td>
              </tr>
              <tr>
                <th scope="row">{t("enterprise.registeredOn")}</th>
                <td className="num">{e.registeredOn}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>
            {t("enterprise.users")} <span className="muted small">{users.length}</span>
          </h2>
          {users.length === 0 ? (
            <p className="empty">{t("enterprise.noUsers")}</p>
          ) : (
            <table className="list">
              <thead>
                <tr>
                  <th>{t("enterprise.user.name")}</th>
                  <th>{t("enterprise.user.username")}</th>
                  <th>{t("enterprise.user.email")}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className={u.active ? undefined : "inactive"}>
                    <td className="nowrap">
                      {u.displayName}
                      {u.active ? null : (
                        <span className="badge state-done">{t("enterprise.user.inactive")}</span>
                      )}
                    </td>
                    <td>
                      <code>{u.username}</code>
                    </td>
                    <td className="small">{u.email ?? dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>

      <section className="section" id="history">
        <h2>
          {t("enterprise.history")}{" "}
          <span className="muted small">{t("enterprise.total", { n: counts.total })}</span>
        </h2>
        <div className="grid grid-2">
          <Counts title={t("enterprise.byState")} entries={byState} />
          <Counts title={t("enterprise.byCategory")} entries={byCategory} />
        </div>
        <div className="table-wrap">
          {cases.length === 0 ? (
            <p className="empty">{t("enterprise.noCases")}</p>
          ) : (
            <table className="list rows">
              <thead>
                <tr>
                  <th>{t("enterprise.col.filed")}</th>
                  <th>{t("enterprise.col.title")}</th>
                  <th>{t("enterprise.col.category")}</th>
                  <th>{t("enterprise.col.theme")}</th>
                  <th>{t("enterprise.col.channel")}</th>
                  <th>{t("enterprise.col.state")}</th>
                  <th>{t("enterprise.col.unit")}</th>
                  <th>{t("enterprise.col.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.id}>
                    <td className="num nowrap">{c.filedOn}</td>
                    <td>
                      <div className="case-title">
                        {casesLinked ? (
                          <Link to={`/cases/${c.id}`} prefetch="intent">
                            {c.title}
                          </Link>
                        ) : (
                          c.title
                        )}
                        {c.urgent ? <span className="badge warn">{t("enterprise.urgent")}</span> : null}
                        {c.isKey ? <span className="badge key">{t("badge.key")}</span> : null}
                        {c.round > 1 ? (
                          <span className="badge warn">{t("enterprise.round", { n: c.round })}</span>
                        ) : null}
                      </div>
                    </td>
                    <td className="nowrap">{t(`enterprise.category.${c.category ?? "none"}`)}</td>
                    <td className="nowrap">{c.themeText ?? dash}</td>
                    <td className="nowrap">{c.channel ? t(`enterprise.channel.${c.channel}`) : dash}</td>
                    <td>
                      <StateBadge state={c.state} />
                    </td>
                    <td>{c.leadDepartment ?? dash}</td>
                    <td className="nowrap">{c.outcome ? t(`enterprise.outcome.${c.outcome}`) : dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
    </>
  );
}
