import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { stamp } from "../components/admin/audit.server";
import { titled } from "../components/lists/meta";
import { Stat, Tabs } from "../components/lists/Tabs";
import { hasKey, type Lang, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import { discardDeadMail, MAIL_TABS, mailAdminView, mailDetail, retryDeadMail } from "../models/mail.server";
import { requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("mailAdmin.title");

const STATUS_BADGE: Record<string, string> = {
  pending: "info",
  sent: "ok",
  captured: "ok",
  dead: "danger",
  skipped: "warn",
  discarded: "state-done",
};

/** The stored reason in words where it is one of ours; the SMTP server's own words otherwise. */
function reasonText(lang: Lang, error: string | null) {
  if (!error) return null;
  return hasKey(lang, `mailAdmin.reason.${error}`) ? translate(lang, `mailAdmin.reason.${error}`) : error;
}

function templateLabel(lang: Lang, template: string) {
  const key = `mailAdmin.template.${template}`;
  return hasKey(lang, key) ? translate(lang, key) : template;
}

const idParam = z.coerce.number().int().positive().max(2_147_483_647);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("admin.mail", "get"));
  const lang = await langOf(request, user);
  const params = new URL(request.url).searchParams;
  const view = await mailAdminView(params.get("tab"));
  const viewId = idParam.safeParse(params.get("view"));
  const detail = viewId.success ? await mailDetail(viewId.data) : undefined;
  return {
    ...view,
    rows: view.rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseTitle: r.case_title,
      template: templateLabel(lang, r.template),
      to: r.recipient_email,
      name: r.recipient_name,
      mailbox: r.recipient_user_id === null,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      reason: reasonText(lang, r.last_error),
      created: stamp(r.created_at),
      sent: stamp(r.sent_at),
      next: r.status === "pending" ? stamp(r.next_attempt_at) : null,
    })),
    detail: detail
      ? {
          id: detail.id,
          caseId: detail.case_id,
          template: templateLabel(lang, detail.template),
          to: detail.recipient_email,
          name: detail.recipient_name,
          status: detail.status,
          reason: reasonText(lang, detail.last_error),
          messageId: detail.message_id,
          subject: detail.subject,
          html: detail.body_html,
          text: detail.body_text,
          sent: stamp(detail.sent_at),
        }
      : null,
  };
}

const actionSchema = z.object({ intent: z.enum(["retry", "discard"]), id: idParam });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, rolesFor("admin.mail", "post"));
  const form = await request.formData();
  const parsed = actionSchema.safeParse({ intent: form.get("intent"), id: form.get("id") });
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { intent, id } = parsed.data;
  const ok = intent === "retry" ? await retryDeadMail(admin, id) : await discardDeadMail(admin, id);
  const tab = MAIL_TABS.find((t) => t === form.get("tab")) ?? "dead";
  return redirect(`/admin/mail?tab=${tab}&done=${ok ? intent : "unchanged"}&id=${id}`);
}

export default function MailAdmin() {
  const { mode, server, workerHere, counts, tab, rows, detail } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useT();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const doneId = params.get("id");
  const n = (s: string) => counts[s] ?? 0;
  const tabs = [
    { key: "dead", label: t("mailAdmin.tab.dead"), count: n("dead"), hot: true, href: "?tab=dead" },
    { key: "pending", label: t("mailAdmin.tab.pending"), count: n("pending"), href: "?tab=pending" },
    ...(mode === "capture" || n("captured")
      ? [{ key: "captured", label: t("mailAdmin.tab.captured"), count: n("captured"), href: "?tab=captured" }]
      : []),
    { key: "recent", label: t("mailAdmin.tab.recent"), href: "?tab=recent" },
  ];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("mailAdmin.title")}</h1>
          <p>{t("mailAdmin.subtitle")}</p>
        </div>
        <Link to="/admin" className="btn secondary">
          {t("nav.admin")}
        </Link>
      </div>

      {mode === "capture" ? (
        <div className="alert-box warn" role="note">
          {t("mailAdmin.mode.capture")}
        </div>
      ) : (
        <p className="muted small">{t("mailAdmin.mode.smtp", { server })}</p>
      )}
      {workerHere ? null : (
        <div className="alert-box warn" role="note">
          {t("mailAdmin.mode.off")}
        </div>
      )}
      {done && doneId ? (
        <div className={`alert-box ${done === "unchanged" ? "warn" : "ok"}`} role="status">
          {t(
            done === "retry"
              ? "mailAdmin.retried"
              : done === "discard"
                ? "mailAdmin.discarded"
                : "mailAdmin.notChanged",
            {
              id: doneId,
            },
          )}
        </div>
      ) : null}

      {detail ? (
        <section className="card section" id="mail-detail">
          <p>
            <Link to={`?tab=${tab}`}>← {t("mailAdmin.back")}</Link>
          </p>
          <h2>
            #{detail.id} {detail.subject ?? detail.template}{" "}
            <span className={`badge ${STATUS_BADGE[detail.status] ?? "info"}`}>
              {t(`mailAdmin.status.${detail.status}`)}
            </span>
          </h2>
          <dl
            style={{
              display: "grid",
              gridTemplateColumns: "max-content 1fr",
              gap: "4px 16px",
              margin: "0 0 16px",
            }}
          >
            <dt>{t("mailAdmin.detail.to")}</dt>
            <dd style={{ margin: 0 }}>
              {detail.name ? `${detail.name} ` : null}
              {detail.to ? <code>{detail.to}</code> : t("mailAdmin.noAddress")}
            </dd>
            <dt>{t("mailAdmin.col.template")}</dt>
            <dd style={{ margin: 0 }}>{detail.template}</dd>
            {detail.messageId ? (
              <>
                <dt>{t("mailAdmin.detail.messageId")}</dt>
                <dd style={{ margin: 0 }}>
                  <code>{detail.messageId}</code>
                </dd>
              </>
            ) : null}
            {detail.sent ? (
              <>
                <dt>{t("mailAdmin.col.sent")}</dt>
                <dd style={{ margin: 0 }}>{detail.sent}</dd>
              </>
            ) : null}
            {detail.reason ? (
              <>
                <dt>{t("mailAdmin.col.error")}</dt>
                <dd style={{ margin: 0 }}>{detail.reason}</dd>
              </>
            ) : null}
            {detail.caseId ? (
              <>
                <dt>{t("mailAdmin.detail.case")}</dt>
                <dd style={{ margin: 0 }}>
                  <Link to={`/cases/${detail.caseId}`}>#{detail.caseId}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          {detail.html ? (
            <>
              <h3>{t("mailAdmin.detail.html")}</h3>
              {/* Our own markup, shown in a sandbox: no scripts, no same-origin access. */}
              <iframe
                title={detail.subject ?? "mail"}
                srcDoc={detail.html}
                sandbox=""
                style={{
                  width: "100%",
                  height: "640px",
                  border: "1px solid var(--line)",
                  borderRadius: "8px",
                }}
              />
              <h3>{t("mailAdmin.detail.text")}</h3>
              <pre
                className="mail-text"
                style={{ whiteSpace: "pre-wrap", background: "var(--soft)", padding: "12px" }}
              >
                {detail.text}
              </pre>
            </>
          ) : (
            <p className="muted">{t("mailAdmin.notRendered")}</p>
          )}
        </section>
      ) : null}

      <div className="stats">
        {mode === "smtp" || n("sent") ? (
          <Stat value={n("sent")} label={t("mailAdmin.status.sent")} tone="good" />
        ) : null}
        {mode === "capture" || n("captured") ? (
          <Stat value={n("captured")} label={t("mailAdmin.status.captured")} href="?tab=captured" />
        ) : null}
        <Stat value={n("pending")} label={t("mailAdmin.status.pending")} href="?tab=pending" />
        <Stat value={n("dead")} label={t("mailAdmin.status.dead")} href="?tab=dead" tone="alert" />
        <Stat value={n("skipped")} label={t("mailAdmin.status.skipped")} href="?tab=recent" />
      </div>

      <Tabs tabs={tabs} active={tab} label={t("mailAdmin.title")} />
      {rows.length === 0 ? (
        <p className="empty">{t(`mailAdmin.empty.${tab}`)}</p>
      ) : (
        <div className="table-wrap">
          <table className="list compact">
            <thead>
              <tr>
                <th>{t("mailAdmin.col.id")}</th>
                <th>{t("mailAdmin.col.template")}</th>
                <th>{t("mailAdmin.col.to")}</th>
                <th>{t("mailAdmin.col.subject")}</th>
                <th>{t("mailAdmin.col.status")}</th>
                <th className="right">{t("mailAdmin.col.attempts")}</th>
                <th>{t("mailAdmin.col.created")}</th>
                <th>{tab === "pending" ? t("mailAdmin.col.next") : t("mailAdmin.col.sent")}</th>
                <th>{t("mailAdmin.col.action")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.status === "dead" ? "attention" : undefined}>
                  <td className="num">{r.id}</td>
                  <td>{r.template}</td>
                  <td className="small">
                    {r.mailbox ? <span className="badge info">{t("mailAdmin.unitMailbox")}</span> : r.name}
                    <div>
                      {r.to ? <code>{r.to}</code> : <span className="muted">{t("mailAdmin.noAddress")}</span>}
                    </div>
                  </td>
                  <td className="small">
                    {r.subject ?? <span className="muted">{r.caseTitle ?? "—"}</span>}
                    {r.reason ? <div className="muted">{r.reason}</div> : null}
                  </td>
                  <td>
                    <span className={`badge ${STATUS_BADGE[r.status] ?? "info"}`}>
                      {t(`mailAdmin.status.${r.status}`)}
                    </span>
                  </td>
                  <td className="right">{r.attempts}</td>
                  <td className="nowrap small">{r.created}</td>
                  <td className="nowrap small">{tab === "pending" ? r.next : r.sent}</td>
                  <td className="nowrap">
                    <Link to={`?tab=${tab}&view=${r.id}#mail-detail`} className="btn small secondary">
                      {t("mailAdmin.view")}
                    </Link>
                    {r.status === "dead" ? (
                      <>
                        {" "}
                        <Form method="post" className="inline">
                          <input type="hidden" name="id" value={r.id} />
                          <input type="hidden" name="tab" value={tab} />
                          <button
                            type="submit"
                            name="intent"
                            value="retry"
                            className="btn small"
                            disabled={busy}
                          >
                            {t("mailAdmin.retry")}
                          </button>{" "}
                          <button
                            type="submit"
                            name="intent"
                            value="discard"
                            className="btn small danger"
                            disabled={busy}
                          >
                            {t("mailAdmin.discard")}
                          </button>
                        </Form>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
