import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ImportProblem } from "../../workflows/calendar-import";
import type { CalendarGap } from "../components/CalendarBanner";
import { titled } from "../components/lists/meta";
import {
  CaseError,
  calendarYear,
  coveredYears,
  today as dateOf,
  isIsoDate,
} from "../components/lists/server.server";
import { fieldMessages, type Lang, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import { changeCalendarDay } from "../models/admin.server";
import {
  CalendarImportError,
  confirmCalendarImport,
  type ImportPreview,
  previewCalendarImport,
  readScheduleUpload,
} from "../models/calendar-import.server";
import calendarStyles from "../styles/calendar.css";
import { requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("nav.calendar");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: calendarStyles }];

/** Stored names look like "National Day,国庆节,3" (official data) or a plain label an admin typed. */
function holidayLabel(name: string | null, lang: Lang): string | null {
  if (!name) return null;
  const parts = name.split(",");
  if (parts.length >= 2) return (lang === "en" ? parts[0] : parts[1]).trim();
  return name;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("admin.calendar", "get"));
  const lang = await langOf(request, user);
  const params = new URL(request.url).searchParams;
  const today = dateOf(clock.now());
  const thisYear = Number(today.slice(0, 4));
  const selected = isIsoDate(params.get("date") ?? "") ? (params.get("date") as string) : null;
  const asked = Number(params.get("year"));
  const year =
    Number.isInteger(asked) && asked >= 1950 && asked <= 2200
      ? asked
      : selected
        ? Number(selected.slice(0, 4))
        : thisYear;
  const q = db();
  const [{ days, covered }, years] = await Promise.all([calendarYear(q, year), coveredYears(q)]);
  const selectedDay = selected
    ? selected.startsWith(String(year))
      ? (days.find((d) => d.date === selected) ?? null)
      : ((await calendarYear(q, Number(selected.slice(0, 4)))).days.find((d) => d.date === selected) ?? null)
    : null;
  const yearOptions = new Set<number>([thisYear - 1, thisYear, thisYear + 1, thisYear + 2, year]);
  for (const y of years) if (y >= thisYear - 5) yearOptions.add(y);
  return {
    year,
    today,
    thisYear,
    covered: covered !== null,
    coveredSource: covered?.source ?? null,
    nextYearCovered: years.includes(year + 1),
    // The import opens by itself where it is needed: a year not loaded, or the banner's link.
    importOpen: params.get("import") === "1" || covered === null,
    imported: params.get("imported") === "1",
    lastCovered: years.length ? years[years.length - 1] : null,
    yearOptions: [...yearOptions].sort((a, b) => a - b),
    days: days.map((d) => ({
      date: d.date,
      kind: d.kind,
      label: holidayLabel(d.name, lang),
      source: d.source,
    })),
    selected,
    selectedDay: selectedDay
      ? {
          kind: selectedDay.kind,
          name: selectedDay.name,
          label: holidayLabel(selectedDay.name, lang),
          source: selectedDay.source,
        }
      : null,
    saved: params.get("saved") === "1" && selected !== null,
  };
}

/** An import problem worded for the page: where in the file, and what is wrong. */
function importMessages(lang: Lang, problems: ImportProblem[]) {
  return problems.map((p) => ({
    where:
      p.line !== undefined
        ? translate(lang, "calendarImport.where.line", { line: p.line })
        : p.path
          ? translate(lang, "calendarImport.where.path", { path: p.path })
          : null,
    message: translate(lang, `field.calendarImport.${p.code}`, p.params),
  }));
}

type ImportResult =
  | { intent: "preview"; preview: ImportPreview; warnings: ReturnType<typeof importMessages> }
  | {
      intent: "importError";
      error: string;
      problems: ReturnType<typeof importMessages>;
      values: { text: string; source: string };
    };

/** Upload → preview; the preview's confirmation → the year is replaced, and the year view shows it. */
async function importAction(request: Request, admin: Awaited<ReturnType<typeof requireUser>>, lang: Lang) {
  let values = { text: "", source: "" };
  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      const upload = await readScheduleUpload(request);
      values = { text: upload.filename ? "" : upload.text, source: upload.fields.source ?? "" };
      const preview = await previewCalendarImport(upload.text, {
        source: upload.fields.source,
        filename: upload.filename,
      });
      return data<ImportResult>({
        intent: "preview",
        preview,
        warnings: importMessages(lang, preview.warnings),
      });
    }
    const form = await request.formData();
    const r = await confirmCalendarImport(
      admin,
      String(form.get("payload") ?? ""),
      String(form.get("fingerprint") ?? ""),
    );
    return redirect(`/admin/calendar?year=${r.year}&imported=1`);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    const problems = e instanceof CalendarImportError ? importMessages(lang, e.problems) : [];
    const reasonKey = `reason.${e.reason}`;
    const error =
      translate(lang, reasonKey) !== reasonKey
        ? translate(lang, reasonKey)
        : translate(lang, `error.${e.code}`);
    return data<ImportResult>({ intent: "importError", error, problems, values }, { status: e.status });
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, rolesFor("admin.calendar", "post"));
  const lang = await langOf(request, admin);
  const url = new URL(request.url);
  if (url.searchParams.get("intent") === "import") return importAction(request, admin, lang);
  const form = await request.formData();
  const values = {
    date: String(form.get("date") ?? "").trim(),
    kind: String(form.get("kind") ?? ""),
    name: String(form.get("name") ?? ""),
  };
  // The form shows an official name in the reader's language ("国庆节" for "National Day,国庆节,3");
  // saved unchanged, the stored bilingual name is kept.
  const original = String(form.get("originalName") ?? "");
  const name = original && values.name.trim() === holidayLabel(original, lang) ? original : values.name;
  try {
    const r = await changeCalendarDay(admin, values.date, { kind: values.kind, name });
    return redirect(`/admin/calendar?year=${r.date.slice(0, 4)}&date=${r.date}&saved=1#edit`);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return data(
      { values, fields: fieldMessages(lang, e.details.fields), error: translate(lang, `error.${e.code}`) },
      { status: e.status },
    );
  }
}

type Day = { date: string; kind: "holiday" | "workday"; label: string | null; source: string };

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => `${y}-${pad(m + 1)}-${pad(d)}`;
/** 0 = Monday … 6 = Sunday: Chinese calendars start the week on Monday. */
const mondayIndex = (y: number, m: number, d: number) => (new Date(Date.UTC(y, m, d)).getUTCDay() + 6) % 7;

function Month({
  year,
  month,
  byDate,
  today,
  selected,
}: {
  year: number;
  month: number;
  byDate: Map<string, Day>;
  today: string;
  selected: string | null;
}) {
  const { t } = useT();
  const daysIn = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = mondayIndex(year, month, 1);
  const cells: Array<string | null> = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: daysIn }, (_, i) => iso(year, month, i + 1)),
  ];
  while (cells.length % 7) cells.push(null);
  return (
    <section className="cal-month" aria-label={t(`calendar.month.${month + 1}`)}>
      <h3>{t(`calendar.month.${month + 1}`)}</h3>
      <div className="cal-grid">
        {[0, 1, 2, 3, 4, 5, 6].map((w) => (
          <div key={`h${w}`} className={`cal-wd${w >= 5 ? " weekend" : ""}`}>
            {t(`calendar.wd.${w}`)}
          </div>
        ))}
        {cells.map((date, i) => {
          if (!date) return <div key={`b${i}`} className="cal-day blank" aria-hidden />;
          const d = Number(date.slice(8));
          const wd = i % 7;
          const o = byDate.get(date);
          const prev = byDate.get(iso(year, month, d - 1));
          const cls = ["cal-day"];
          if (wd >= 5) cls.push("weekend");
          if (o?.kind === "holiday") cls.push("holiday");
          if (o?.kind === "workday") cls.push("workday");
          if (date === today) cls.push("today");
          if (date === selected) cls.push("selected");
          const kindText = o
            ? t(`calendar.kind.${o.kind}`)
            : wd >= 5
              ? t("calendar.kind.weekend")
              : t("calendar.kind.working");
          const title = [date, t(`calendar.wdLong.${wd}`), kindText, o?.label].filter(Boolean).join(" · ");
          // Name a holiday once, on the first day of its run, so the grid stays readable.
          const showName =
            o?.kind === "holiday" && o.label && !(prev?.kind === "holiday" && prev.label === o.label);
          return (
            <Link
              key={date}
              to={`?year=${year}&date=${date}#edit`}
              className={cls.join(" ")}
              title={title}
              aria-label={title}
              preventScrollReset
            >
              <span className="n">{d}</span>
              {/* 休 / 班, the marks of a Chinese wall calendar; colour alone carries it in English. */}
              {o && t(`calendar.mark.${o.kind}`) ? (
                <span className="mark">{t(`calendar.mark.${o.kind}`)}</span>
              ) : null}
              {showName ? <span className="hname">{o.label}</span> : null}
            </Link>
          );
        })}
      </div>
    </section>
  );
}

/** Holidays of the year grouped by name: days off and make-up working days side by side. */
function summarise(days: Day[]) {
  const groups = new Map<string, { off: string[]; work: string[] }>();
  for (const d of days) {
    const key = d.label ?? "—";
    const g = groups.get(key) ?? { off: [], work: [] };
    (d.kind === "holiday" ? g.off : g.work).push(d.date);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .map(([name, g]) => ({ name, ...g }))
    .sort((a, b) => ((a.off[0] ?? a.work[0]) < (b.off[0] ?? b.work[0]) ? -1 : 1));
}

/** "10-01 – 10-07" for a run of consecutive dates, comma-separated runs otherwise. */
function spans(dates: string[]): string {
  const out: string[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  const next = (s: string) => {
    const d = new Date(`${s}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  };
  for (const d of [...dates].sort()) {
    if (prev && next(prev) === d) {
      prev = d;
      continue;
    }
    if (start && prev) out.push(start === prev ? start.slice(5) : `${start.slice(5)}–${prev.slice(5)}`);
    start = d;
    prev = d;
  }
  if (start && prev) out.push(start === prev ? start.slice(5) : `${start.slice(5)}–${prev.slice(5)}`);
  return out.join(", ");
}

export default function CalendarAdmin() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && "fields" in actionData ? actionData : undefined;
  const imported = actionData && "intent" in actionData ? actionData : undefined;
  const gap = useRouteLoaderData<{ calendarGap?: CalendarGap | null }>("root")?.calendarGap;
  const navigation = useNavigation();
  const { t, lang } = useT();
  const byDate = new Map(d.days.map((x) => [x.date, x as Day]));
  const fields: Record<string, string> = result?.fields ?? {};
  const values = result?.values;

  // The year at a glance: working days after holidays and make-up days.
  let working = 0;
  let daysOff = 0;
  let total = 0;
  for (let m = 0; m < 12; m++) {
    const n = new Date(Date.UTC(d.year, m + 1, 0)).getUTCDate();
    for (let day = 1; day <= n; day++) {
      total++;
      const o = byDate.get(iso(d.year, m, day));
      const weekday = mondayIndex(d.year, m, day) < 5;
      const isWorking = o ? o.kind === "workday" : weekday;
      if (isWorking) working++;
      if (o?.kind === "holiday" && weekday) daysOff++;
    }
  }
  const makeUp = d.days.filter((x) => x.kind === "workday").length;
  const holidays = summarise(d.days);
  const sel = d.selectedDay;
  const defaultKind = values?.kind ?? sel?.kind ?? "holiday";
  const selectedWd = d.selected
    ? mondayIndex(+d.selected.slice(0, 4), +d.selected.slice(5, 7) - 1, +d.selected.slice(8))
    : 0;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.calendar")}</h1>
          <p>{t("calendar.subtitle")}</p>
        </div>
        <Form method="get" className="year-picker">
          <Link
            to={`?year=${d.year - 1}`}
            className="btn secondary small"
            aria-label={t("calendar.prevYear")}
          >
            ‹ {d.year - 1}
          </Link>
          <label htmlFor="year" className="sr-only">
            {t("calendar.year")}
          </label>
          <select id="year" name="year" defaultValue={d.year} key={d.year}>
            {d.yearOptions.map((y) => (
              <option key={y} value={y}>
                {t("calendar.yearOption", { y })}
              </option>
            ))}
          </select>
          <button type="submit" className="btn small">
            {t("calendar.show")}
          </button>
          <Link
            to={`?year=${d.year + 1}`}
            className="btn secondary small"
            aria-label={t("calendar.nextYear")}
          >
            {d.year + 1} ›
          </Link>
        </Form>
      </div>

      {/* The banner above already says so for a year the coming months fall in. */}
      {!d.covered && !gap?.years.includes(d.year) ? (
        <div className="alert-box warn banner" role="alert">
          <b>{t("calendar.notCovered.title", { y: d.year })}</b>
          <p>{t("calendarImport.notCoveredBody", { y: d.year })}</p>
        </div>
      ) : null}
      {d.imported && d.covered ? (
        <div className="alert-box ok" role="status">
          {t("calendarImport.done", {
            year: d.year,
            holidays: d.days.filter((x) => x.kind === "holiday").length,
            workdays: d.days.filter((x) => x.kind === "workday").length,
          })}
        </div>
      ) : null}
      {imported?.intent === "preview" ? (
        <ImportPreviewCard preview={imported.preview} warnings={imported.warnings} lang={lang} />
      ) : (
        <ImportForm
          year={d.year}
          open={d.importOpen || imported?.intent === "importError"}
          failure={imported?.intent === "importError" ? imported : null}
          busy={navigation.state === "submitting"}
        />
      )}

      <div className="stats">
        <div className="stat">
          <b>{working}</b>
          <span>{t("calendar.stat.working", { total })}</span>
        </div>
        <div className="stat alert">
          <b>{daysOff}</b>
          <span>{t("calendar.stat.off")}</span>
        </div>
        <div className="stat">
          <b>{makeUp}</b>
          <span>{t("calendar.stat.makeUp")}</span>
        </div>
        <div className={`stat${d.covered ? " good" : " warn"}`}>
          <b className="stat-word">{d.covered ? t("calendar.stat.covered") : t("calendar.stat.uncovered")}</b>
          <span>
            {d.covered
              ? d.coveredSource === "chinese-days" || d.coveredSource === "admin" || !d.coveredSource
                ? t(`calendar.source.${d.coveredSource === "chinese-days" ? "official" : "admin"}`)
                : t("calendarImport.dayFromImport")
              : d.lastCovered
                ? t("calendar.stat.lastCovered", { y: d.lastCovered })
                : ""}
          </span>
        </div>
      </div>

      {d.covered && d.coveredSource && !["chinese-days", "admin"].includes(d.coveredSource) ? (
        <p className="muted small import-source">
          {t("calendarImport.sourceLabel", { source: d.coveredSource })}
        </p>
      ) : null}
      <div className="cal-legend small" aria-hidden>
        <span>
          <i className="sw working" /> {t("calendar.kind.working")}
        </span>
        <span>
          <i className="sw weekend" /> {t("calendar.kind.weekend")}
        </span>
        <span>
          <i className="sw holiday" /> {t("calendar.kind.holiday")}
        </span>
        <span>
          <i className="sw workday" /> {t("calendar.kind.workday")}
        </span>
        <span>
          <i className="sw today" /> {t("calendar.today")}
        </span>
        <span className="muted">{t("calendar.clickHint")}</span>
      </div>

      <div className="cal-year">
        {Array.from({ length: 12 }, (_, m) => (
          <Month key={m} year={d.year} month={m} byDate={byDate} today={d.today} selected={d.selected} />
        ))}
      </div>

      <div className="grid grid-even section" id="edit">
        <Form method="post" className="card form" noValidate key={`${d.selected ?? ""}-${d.saved}`}>
          <h2>{t("calendar.edit.title")}</h2>
          {d.saved && d.selected ? (
            <div className="alert-box ok" role="status">
              {t("calendar.edit.saved", {
                date: d.selected,
                kind: sel ? t(`calendar.kind.${sel.kind}`) : t("calendar.kind.normal"),
              })}
              {sel?.label ? `（${sel.label}）` : ""}
            </div>
          ) : null}
          {result?.error ? (
            <div className="alert-box error" role="alert">
              {result.error}
            </div>
          ) : null}
          <div className={`field${fields.date ? " invalid" : ""}`}>
            <label htmlFor="date">{t("calendar.edit.date")}</label>
            <input
              id="date"
              name="date"
              type="date"
              required
              defaultValue={values?.date ?? d.selected ?? ""}
              aria-invalid={fields.date ? true : undefined}
            />
            {d.selected && !result ? (
              <div className="hint">
                {t("calendar.edit.current", {
                  wd: t(`calendar.wdLong.${selectedWd}`),
                  kind: sel ? t(`calendar.kind.${sel.kind}`) : t("calendar.kind.normal"),
                })}
                {sel?.label ? `（${sel.label}）` : ""}
                {sel
                  ? ` · ${t(sel.source === "import" ? "calendarImport.dayFromImport" : `calendar.source.${sel.source === "chinese-days" ? "official" : "admin"}`)}`
                  : ""}
              </div>
            ) : null}
            {fields.date ? <div className="field-error">{fields.date}</div> : null}
          </div>
          <fieldset className={`field plain${fields.kind ? " invalid" : ""}`}>
            <legend>{t("calendar.edit.kind")}</legend>
            <div className="checks column">
              {(["holiday", "workday", "normal"] as const).map((k) => (
                <label key={k}>
                  <input type="radio" name="kind" value={k} defaultChecked={defaultKind === k} />
                  <span>
                    {t(`calendar.kind.${k}`)}{" "}
                    <span className="muted small">{t(`calendar.kindHint.${k}`)}</span>
                  </span>
                </label>
              ))}
            </div>
            {fields.kind ? <div className="field-error">{fields.kind}</div> : null}
          </fieldset>
          <div className={`field${fields.name ? " invalid" : ""}`}>
            <label htmlFor="name">{t("calendar.edit.name")}</label>
            <input
              id="name"
              name="name"
              type="text"
              maxLength={60}
              defaultValue={values?.name ?? sel?.label ?? ""}
              placeholder={t("calendar.edit.namePlaceholder")}
            />
            <input type="hidden" name="originalName" value={sel?.name ?? ""} />
            <div className="hint">{t("calendar.edit.nameHint")}</div>
            {fields.name ? <div className="field-error">{fields.name}</div> : null}
          </div>
          <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
            {t("calendar.edit.save")}
          </button>
        </Form>
        <div className="card">
          <h2>{t("calendar.list.title", { y: d.year })}</h2>
          {holidays.length === 0 ? (
            <p className="muted">{t("calendar.list.none")}</p>
          ) : (
            <table className="list compact">
              <thead>
                <tr>
                  <th>{t("calendar.list.name")}</th>
                  <th>{t("calendar.list.off")}</th>
                  <th>{t("calendar.list.work")}</th>
                </tr>
              </thead>
              <tbody>
                {holidays.map((h) => (
                  <tr key={h.name}>
                    <td className="nowrap">{h.name}</td>
                    <td>
                      {h.off.length ? (
                        <>
                          <span className="nowrap">{spans(h.off)}</span>{" "}
                          <span className="muted small nowrap">
                            {t("calendar.list.days", { n: h.off.length })}
                          </span>
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="workday-text nowrap">
                      {h.work.length ? spans(h.work) : <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </>
  );
}

type ImportFailure = {
  error: string;
  problems: Array<{ where: string | null; message: string }>;
  values: { text: string; source: string };
};

/** Upload or paste a year's schedule; the server answers with a preview, nothing is written yet. */
function ImportForm({
  year,
  open,
  failure,
  busy,
}: {
  year: number;
  open: boolean;
  failure: ImportFailure | null;
  busy: boolean;
}) {
  const { t } = useT();
  return (
    <details className="card import-card section" id="import" open={open}>
      <summary>
        <h2>{t("calendarImport.title")}</h2>
      </summary>
      <p className="muted">{t("calendarImport.intro")}</p>
      {failure ? (
        <div className="alert-box error" role="alert">
          <b>{failure.error}</b>
          {failure.problems.length ? (
            <ul className="error-list">
              {failure.problems.map((p, i) => (
                <li key={i}>
                  {p.where ? <span className="import-where">{p.where}：</span> : null}
                  {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form
        method="post"
        action={`/admin/calendar?year=${year}&intent=import`}
        encType="multipart/form-data"
        className="form import-form"
      >
        <div className="grid grid-even">
          <div>
            <div className="field">
              <label htmlFor="import-file">{t("calendarImport.file")}</label>
              <input
                id="import-file"
                name="file"
                type="file"
                accept=".ics,.json,text/calendar,application/json"
              />
            </div>
            <div className="field">
              <label htmlFor="import-source">{t("calendarImport.source")}</label>
              <input
                id="import-source"
                name="source"
                type="text"
                maxLength={200}
                defaultValue={failure?.values.source ?? ""}
              />
              <div className="hint">{t("calendarImport.sourceHint")}</div>
            </div>
          </div>
          <div className="field">
            <label htmlFor="import-text">{t("calendarImport.text")}</label>
            <textarea
              id="import-text"
              name="text"
              rows={6}
              spellCheck={false}
              className="mono"
              defaultValue={failure?.values.text ?? ""}
              placeholder={'BEGIN:VCALENDAR …  /  { "year": 2027, "days": [ … ] }'}
            />
          </div>
        </div>
        <details className="small import-formats">
          <summary>{t("calendarImport.formats")}</summary>
          <p className="muted">{t("calendarImport.formatsHint")}</p>
        </details>
        <button type="submit" className="btn" disabled={busy}>
          {t("calendarImport.preview")}
        </button>
      </Form>
    </details>
  );
}

const MONTH_OF = (date: string) => Number(date.slice(5, 7));

/** What the import would change, month by month, and the button that writes it. */
function ImportPreviewCard({
  preview: p,
  warnings,
  lang,
}: {
  preview: ImportPreview;
  warnings: Array<{ where: string | null; message: string }>;
  lang: Lang;
}) {
  const { t } = useT();
  // Without an override a date follows its weekday: say which, so "周末 → 调休上班" reads at a glance.
  const cell = (v: { kind: "holiday" | "workday"; name: string | null } | null, date: string) => {
    if (!v) {
      const wd = mondayIndex(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8));
      return (
        <span className="muted">{wd >= 5 ? t("calendar.kind.weekend") : t("calendar.kind.working")}</span>
      );
    }
    const label = holidayLabel(v.name, lang);
    return (
      <span className={v.kind === "holiday" ? "import-off" : "import-work"}>
        {t(`calendar.mark.${v.kind}`) ? (
          <span className="mark-chip">{t(`calendar.mark.${v.kind}`)}</span>
        ) : null}{" "}
        {t(`calendarImport.short.${v.kind}`)}
        {label ? <span className="import-name"> · {label}</span> : null}
      </span>
    );
  };
  const months = [...new Set(p.changes.map((c) => MONTH_OF(c.date)))];
  return (
    <section className="card section import-preview" id="import" aria-labelledby="import-preview-title">
      <h2 id="import-preview-title">{t("calendarImport.previewTitle", { year: p.year })}</h2>
      <p>
        {t("calendarImport.previewSummary", { holidays: p.holidays, workdays: p.workdays })}{" "}
        <span className="muted">{t("calendarImport.previewSource", { source: p.source })}</span>
      </p>
      <p className="alert-box warn">
        {p.current.days || p.current.covered
          ? t("calendarImport.replaces", {
              year: p.year,
              n: p.current.days,
              source:
                p.current.source === "chinese-days"
                  ? t("calendar.source.official")
                  : (p.current.source ?? t("calendar.stat.uncovered")),
            })
          : t("calendarImport.replacesNone", { year: p.year })}
      </p>
      {warnings.length ? (
        <div className="alert-box warn">
          <b>{t("calendarImport.warnings")}</b>
          <ul className="error-list">
            {warnings.map((w, i) => (
              <li key={i}>
                {w.where ? <span className="import-where">{w.where}：</span> : null}
                {w.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>{t("calendarImport.changes", { n: p.changes.length })}</h3>
      {p.changes.length === 0 ? (
        <p className="muted">{t("calendarImport.noChanges")}</p>
      ) : (
        <div className="import-months">
          {months.map((m) => (
            <table key={m} className="list compact import-month">
              <caption>{t(`calendar.month.${m}`)}</caption>
              <thead>
                <tr>
                  <th>{t("calendarImport.col.date")}</th>
                  <th>{t("calendarImport.col.before")}</th>
                  <th>{t("calendarImport.col.after")}</th>
                </tr>
              </thead>
              <tbody>
                {p.changes
                  .filter((c) => MONTH_OF(c.date) === m)
                  .map((c) => (
                    <tr key={c.date}>
                      <td className="nowrap">
                        {c.date.slice(5)}{" "}
                        <span className="muted small">
                          {t(
                            `calendar.wd.${mondayIndex(+c.date.slice(0, 4), +c.date.slice(5, 7) - 1, +c.date.slice(8))}`,
                          )}
                        </span>
                      </td>
                      <td className="nowrap">{cell(c.before, c.date)}</td>
                      <td className="nowrap">{cell(c.after, c.date)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ))}
        </div>
      )}
      <Form method="post" action={`/admin/calendar?year=${p.year}&intent=import`} className="actions">
        <input type="hidden" name="payload" value={p.payload} />
        <input type="hidden" name="fingerprint" value={p.fingerprint} />
        <button type="submit" className="btn">
          {t("calendarImport.confirm", { year: p.year })}
        </button>
        <Link to={`/admin/calendar?year=${p.year}`} className="btn secondary">
          {t("calendarImport.cancel")}
        </Link>
      </Form>
    </section>
  );
}
