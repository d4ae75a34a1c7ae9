import { Form, useNavigation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import { hasKey } from "../../i18n";
import { useT } from "../../utils/i18n";
import {
  type ActionFeedback,
  type CaseView,
  type DepartmentOption,
  describedBy,
  Field,
  type FormChoices,
} from "./shared";

/** Events whose button ends or sends something back: drawn in red so nobody presses them by habit. */
const DESTRUCTIVE = new Set([
  "REJECT",
  "RETURN_FOR_REVISION",
  "MERGE",
  "WITHDRAW",
  "OBJECT",
  "DISMISS_OBJECTION",
  "DENY_EXTENSION",
  "RETURN_REPLY",
]);

/** The payload fields each form shows; any other field problem is listed above the form. */
const FIELDS: Record<string, string[]> = {
  UPDATE_DRAFT: ["title", "body", "measures"],
  WITHDRAW: ["reason"],
  ACCEPT: ["sessionLabel"],
  REJECT: ["reason"],
  RETURN_FOR_REVISION: ["reason"],
  MERGE: ["intoCaseId"],
  ASSIGN: ["leadDepartmentId", "coDepartmentIds"],
  REASSIGN: ["leadDepartmentId", "coDepartmentIds", "note"],
  OBJECT: ["reason"],
  DISMISS_OBJECTION: ["reason", "departmentId"],
  RECORD_CONTACT: ["date", "method", "summary"],
  SUBMIT_OPINION: ["body"],
  WAIVE_OPINION: ["departmentId", "reason"],
  REQUEST_EXTENSION: ["until", "reason"],
  APPROVE_EXTENSION: ["note"],
  DENY_EXTENSION: ["reason"],
  SUBMIT_REPLY: ["classification", "body", "contactName", "contactPhone", "commitments"],
  APPROVE_REPLY: ["note"],
  RETURN_REPLY: ["reason"],
  EVALUATE: ["attitude", "result", "comment"],
  FLAG_KEY: ["isKey"],
  REMIND: ["message"],
  SUPERVISE: ["message", "respondBy"],
};

export function isDestructive(type: string) {
  return DESTRUCTIVE.has(type);
}

const COMMITMENT_ROWS = 3;

interface Props {
  type: string;
  c: CaseView;
  departments: DepartmentOption[];
  choices: FormChoices;
  /** the refusal of this very form's last submission, if any */
  feedback?: ActionFeedback;
  /** the most likely next action: a filled button */
  primary?: boolean;
}

/** One event as a plain POST form: works without JavaScript, keeps what was typed after a refusal. */
export function EventForm({ type, c, departments, choices, feedback, primary }: Props) {
  const { t, lang } = useT();
  const navigation = useNavigation();
  const errorRef = useRef<HTMLDivElement>(null);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === type;

  // After a refusal, bring the form's message into view and to the screen reader's attention.
  useEffect(() => {
    if (feedback && errorRef.current) {
      errorRef.current.focus();
      errorRef.current.scrollIntoView({ block: "center" });
    }
  }, [feedback]);

  const id = (name: string) => `${type}-${name}`;
  const err = (name: string) => feedback?.fields[name];
  const val = (name: string, fallback = ""): string => {
    const v = feedback?.values[name];
    if (v === undefined) return feedback ? "" : fallback;
    return Array.isArray(v) ? (v[0] ?? "") : v;
  };
  const vals = (name: string, fallback: string[] = []): string[] => {
    const v = feedback?.values[name];
    if (v === undefined) return feedback ? [] : fallback;
    return Array.isArray(v) ? v : [v];
  };

  const known = new Set(FIELDS[type] ?? []);
  const otherProblems = Object.entries(feedback?.fields ?? {}).filter(
    ([k]) => !known.has(k) && !k.startsWith("commitments."),
  );

  const textarea = (
    name: string,
    opts: { label: string; required?: boolean; rows?: number; hint?: string; fallback?: string },
  ) => (
    <Field id={id(name)} label={opts.label} hint={opts.hint} error={err(name)} required={opts.required}>
      <textarea
        id={id(name)}
        name={name}
        rows={opts.rows ?? 4}
        defaultValue={val(name, opts.fallback)}
        aria-required={opts.required || undefined}
        {...describedBy(id(name), err(name), !!opts.hint)}
      />
    </Field>
  );
  const input = (
    name: string,
    opts: {
      label: string;
      type?: string;
      inputMode?: "tel" | "numeric";
      required?: boolean;
      hint?: string;
      fallback?: string;
      autoComplete?: string;
    },
  ) => (
    <Field id={id(name)} label={opts.label} hint={opts.hint} error={err(name)} required={opts.required}>
      <input
        id={id(name)}
        name={name}
        type={opts.type ?? "text"}
        defaultValue={val(name, opts.fallback)}
        aria-required={opts.required || undefined}
        autoComplete={opts.autoComplete ?? "off"}
        inputMode={opts.inputMode ?? (opts.type === "number" ? "numeric" : undefined)}
        {...describedBy(id(name), err(name), !!opts.hint)}
      />
    </Field>
  );
  const select = (
    name: string,
    opts: {
      label: string;
      options: Array<{ value: string; label: string }>;
      required?: boolean;
      placeholder: string;
      hint?: string;
      fallback?: string;
    },
  ) => (
    <Field id={id(name)} label={opts.label} hint={opts.hint} error={err(name)} required={opts.required}>
      <select
        id={id(name)}
        name={name}
        defaultValue={val(name, opts.fallback)}
        aria-required={opts.required || undefined}
        {...describedBy(id(name), err(name), !!opts.hint)}
      >
        <option value="">{opts.placeholder}</option>
        {opts.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
  const radios = (
    name: string,
    opts: {
      legend: string;
      options: Array<{ value: string; label: ReactNode }>;
      fallback?: string;
      stacked?: boolean;
    },
  ) => {
    const current = val(name, opts.fallback);
    return (
      <fieldset className={`field radios${opts.stacked ? " stacked" : ""}${err(name) ? " invalid" : ""}`}>
        <legend>
          {opts.legend}
          <span className="req" aria-hidden>
            {" "}
            *
          </span>
        </legend>
        <div className="choices">
          {opts.options.map((o) => (
            <label key={o.value} className="choice">
              <input type="radio" name={name} value={o.value} defaultChecked={current === o.value} />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
        {err(name) ? (
          <div className="field-error" role="alert">
            {err(name)}
          </div>
        ) : null}
      </fieldset>
    );
  };
  const unitChecks = (name: string, legend: string, fallback: string[]) => {
    const checked = new Set(vals(name, fallback));
    return (
      <fieldset className={`field${err(name) ? " invalid" : ""}`}>
        <legend>{legend}</legend>
        <div className="checks unit-checks">
          {departments.map((d) => (
            <label key={d.id}>
              <input
                type="checkbox"
                name={name}
                value={String(d.id)}
                defaultChecked={checked.has(String(d.id))}
              />
              {d.name}
            </label>
          ))}
        </div>
        {err(name) ? (
          <div className="field-error" role="alert">
            {err(name)}
          </div>
        ) : null}
      </fieldset>
    );
  };
  const deptOptions = departments.map((d) => ({ value: String(d.id), label: d.name }));

  const lead = c.assignments.find((a) => a.active && a.role === "lead");
  const replyDue = c.deadlines.find((d) => d.type === "reply" && d.status === "open");

  let fields: ReactNode = null;
  switch (type) {
    case "REJECT":
    case "RETURN_FOR_REVISION":
    case "OBJECT":
    case "DENY_EXTENSION":
    case "RETURN_REPLY":
      fields = textarea("reason", { label: t(`case.label.reason.${type}`), required: true, rows: 3 });
      break;
    case "WITHDRAW":
      fields = textarea("reason", { label: t("case.label.withdrawReason"), rows: 2 });
      break;
    case "DISMISS_OBJECTION": {
      const objecting = c.assignments.filter((a) => a.active && a.objectionPending);
      fields = (
        <>
          {objecting.length > 1
            ? select("departmentId", {
                label: t("case.label.objectingUnit"),
                options: objecting.map((a) => ({ value: String(a.departmentId), label: a.departmentName })),
                placeholder: t("case.label.allObjections"),
              })
            : null}
          {textarea("reason", { label: t("case.label.reason.DISMISS_OBJECTION"), required: true, rows: 3 })}
        </>
      );
      break;
    }
    case "MERGE":
      fields = input("intoCaseId", {
        label: t("case.label.intoCaseId"),
        type: "number",
        required: true,
        hint: t("case.hint.intoCaseId"),
      });
      break;
    case "ACCEPT":
      fields = input("sessionLabel", {
        label: t("case.label.sessionLabel"),
        hint: t("case.hint.sessionLabel"),
      });
      break;
    case "ASSIGN":
    case "REASSIGN":
      fields = departments.length ? (
        <>
          {select("leadDepartmentId", {
            label: t("case.label.lead"),
            options: deptOptions,
            required: true,
            placeholder: t("case.label.chooseLead"),
            fallback: type === "REASSIGN" && lead ? String(lead.departmentId) : "",
          })}
          {unitChecks(
            "coDepartmentIds",
            t("case.label.co"),
            type === "REASSIGN"
              ? c.assignments.filter((a) => a.active && a.role === "co").map((a) => String(a.departmentId))
              : [],
          )}
          {type === "REASSIGN" ? textarea("note", { label: t("case.label.note"), rows: 2 }) : null}
        </>
      ) : (
        <p className="muted small">{t("case.hint.noDepartments")}</p>
      );
      break;
    case "APPROVE_EXTENSION":
    case "APPROVE_REPLY":
      fields = textarea("note", { label: t("case.label.note"), rows: 2 });
      break;
    case "RECORD_CONTACT":
      fields = (
        <>
          <div className="row-2">
            {input("date", {
              label: t("case.label.contactDate"),
              type: "date",
              required: true,
              fallback: c.today,
            })}
            {select("method", {
              label: t("case.label.method"),
              options: choices.contactMethods.map((m) => ({ value: m, label: t(`method.${m}`) })),
              required: true,
              placeholder: t("case.label.choose"),
              fallback: "phone",
            })}
          </div>
          {textarea("summary", {
            label: t("case.label.summary"),
            required: true,
            rows: 3,
            hint: t("case.hint.summary"),
          })}
        </>
      );
      break;
    case "SUBMIT_OPINION":
      fields = textarea("body", {
        label: t("case.label.opinion"),
        required: true,
        rows: 6,
        hint: t("case.hint.opinion"),
      });
      break;
    case "WAIVE_OPINION": {
      const waiting = c.assignments.filter((a) => a.active && a.role === "co" && a.opinionStatus === "none");
      fields = (
        <>
          {select("departmentId", {
            label: t("case.label.waiveUnit"),
            options: waiting.map((a) => ({ value: String(a.departmentId), label: a.departmentName })),
            required: true,
            placeholder: t("case.label.choose"),
            fallback: waiting.length === 1 ? String(waiting[0].departmentId) : "",
          })}
          {textarea("reason", { label: t("case.label.reason.WAIVE_OPINION"), required: true, rows: 2 })}
        </>
      );
      break;
    }
    case "REQUEST_EXTENSION":
      fields = (
        <>
          {input("until", {
            label: t("case.label.until"),
            type: "date",
            required: true,
            hint: replyDue ? t("case.hint.currentReplyDue", { date: replyDue.dueDate }) : undefined,
          })}
          {textarea("reason", { label: t("case.label.reason.REQUEST_EXTENSION"), required: true, rows: 3 })}
        </>
      );
      break;
    case "SUBMIT_REPLY":
      fields = (
        <ReplyFields
          choices={choices}
          c={c}
          id={id}
          err={err}
          val={val}
          feedback={feedback}
          radios={radios}
          textarea={textarea}
          input={input}
        />
      );
      break;
    case "EVALUATE": {
      const options = choices.satisfaction.map((s) => ({ value: s, label: t(`result.${s}`) }));
      fields = (
        <>
          {radios("attitude", { legend: t("case.label.attitude"), options })}
          {radios("result", { legend: t("case.label.result"), options })}
          {textarea("comment", { label: t("case.label.comment"), rows: 3, hint: t("case.hint.comment") })}
        </>
      );
      break;
    }
    case "FLAG_KEY": {
      const on = feedback ? vals("isKey").length > 0 : c.isKey;
      fields = (
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="isKey" value="true" defaultChecked={on} />
            <span>{t("case.label.isKey")}</span>
          </label>
        </div>
      );
      break;
    }
    case "REMIND":
      fields = textarea("message", { label: t("case.label.remindMessage"), required: true, rows: 3 });
      break;
    case "SUPERVISE":
      fields = (
        <>
          {textarea("message", { label: t("case.label.superviseMessage"), required: true, rows: 3 })}
          {input("respondBy", { label: t("case.label.respondBy"), type: "date", required: true })}
        </>
      );
      break;
    case "UPDATE_DRAFT":
      fields = (
        <>
          {input("title", { label: t("case.label.title"), required: true, fallback: c.title })}
          {textarea("body", { label: t("case.label.body"), required: true, rows: 10, fallback: c.body })}
          {textarea("measures", { label: t("case.label.measures"), rows: 6, fallback: c.measures ?? "" })}
        </>
      );
      break;
  }

  const hintKey = `case.hint.${type}`;
  const submitKey = `case.submit.${type}`;
  const buttonClass = DESTRUCTIVE.has(type) ? "btn danger" : primary ? "btn" : "btn secondary";
  return (
    <Form method="post" id={`form-${type}`} className={`event-form${primary ? " primary" : ""}`} noValidate>
      <input type="hidden" name="intent" value={type} />
      <input type="hidden" name="expectedVersion" value={c.version} />
      {feedback ? (
        <div className="alert-box error" role="alert" tabIndex={-1} ref={errorRef}>
          {feedback.error}
          {feedback.status === 409 && feedback.state ? <ConflictLine feedback={feedback} /> : null}
          {otherProblems.length ? (
            <ul className="problems">
              {otherProblems.map(([k, m]) => (
                <li key={k}>
                  {k === "_" ? "" : `${k}${t("case.sep")}`}
                  {m}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {type === "APPROVE_EXTENSION" && c.pendingExtension ? (
        <PendingExtension until={c.pendingExtension.until} reason={c.pendingExtension.reason} />
      ) : null}
      {hasKey(lang, hintKey) ? <p className="form-hint small muted">{t(hintKey)}</p> : null}
      {fields}
      <div className="actions">
        <button
          type="submit"
          className={`${buttonClass}${primary ? " big" : ""}`}
          disabled={busy}
          aria-busy={busy || undefined}
        >
          {busy ? t("case.sending") : hasKey(lang, submitKey) ? t(submitKey) : t(`event.${type}`)}
        </button>
      </div>
    </Form>
  );
}

/** On a conflict: the case as it stands now and what can be done instead. */
export function ConflictLine({ feedback }: { feedback: ActionFeedback }) {
  const { t } = useT();
  const allowed = feedback.allowedEvents ?? [];
  return (
    <div className="small">
      {t("case.conflict.state", { state: t(`state.${feedback.state}`) })}
      {allowed.length
        ? t("case.conflict.allowed", { events: allowed.map((e) => t(`event.${e}`)).join(t("case.listSep")) })
        : t("case.conflict.none")}
    </div>
  );
}

function PendingExtension({ until, reason }: { until: string; reason: string }) {
  const { t } = useT();
  return (
    <div className="pending-box small">
      <div>
        {t("case.extension.until")}
        {t("case.sep")}
        <strong>{until}</strong>
      </div>
      <div className="prose">{reason}</div>
    </div>
  );
}

type FieldFn = (name: string, opts: any) => ReactNode;

/** 答复: class with its meaning, the text, the contact person, and up to a few commitments (B 类). */
function ReplyFields({
  choices,
  c,
  id,
  err,
  val,
  feedback,
  radios,
  textarea,
  input,
}: {
  choices: FormChoices;
  c: CaseView;
  id: (name: string) => string;
  err: (name: string) => string | undefined;
  val: (name: string, fallback?: string) => string;
  feedback?: ActionFeedback;
  radios: FieldFn;
  textarea: FieldFn;
  input: FieldFn;
}) {
  const { t } = useT();
  // A reply the unit head sent back is the starting point of the next draft, not a blank page.
  const returned = [...c.replies].reverse().find((r) => r.round === c.round && r.status === "returned");
  const latest = c.replies[c.replies.length - 1];
  const prefill = returned?.commitments ?? [];
  const typedRows = feedback
    ? Object.keys(feedback.values)
        .map((k) => /^commitments\.(\d+)\./.exec(k))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => Number(m[1]) + 1)
    : [];
  const rows = Math.max(COMMITMENT_ROWS, prefill.length + 1, ...typedRows);
  return (
    <>
      {radios("classification", {
        legend: t("case.label.classification"),
        stacked: true,
        fallback: returned?.classification ?? "",
        options: choices.classifications.map((k) => ({
          value: k,
          label: (
            <>
              <strong>{t(`classification.${k}`)}</strong>
              <span className="choice-desc">{t(`case.cls.${k}`)}</span>
            </>
          ),
        })),
      })}
      {textarea("body", {
        label: t("case.label.replyBody"),
        required: true,
        rows: 16,
        hint: t("case.hint.replyBody"),
        fallback: returned?.body ?? "",
      })}
      <div className="row-2">
        {input("contactName", {
          label: t("case.label.contactName"),
          required: true,
          fallback: latest?.contactName ?? "",
          autoComplete: "name",
        })}
        {input("contactPhone", {
          label: t("case.label.contactPhone"),
          inputMode: "tel",
          required: true,
          fallback: latest?.contactPhone ?? "",
          autoComplete: "tel",
        })}
      </div>
      <fieldset className="field commitments-field">
        <legend>{t("case.label.commitments")}</legend>
        <p className="hint">{t("case.hint.commitments")}</p>
        {err("commitments") ? (
          <div className="field-error" role="alert">
            {err("commitments")}
          </div>
        ) : null}
        {Array.from({ length: rows }, (_, i) => {
          const textName = `commitments.${i}.text`;
          const dateName = `commitments.${i}.dueDate`;
          const textErr = err(textName);
          const dateErr = err(dateName);
          return (
            <div key={i} className={`commitment-row${textErr || dateErr ? " invalid" : ""}`}>
              <div className={`field${textErr ? " invalid" : ""}`}>
                <label htmlFor={id(textName)} className="sr-only">
                  {t("case.label.commitmentText", { n: i + 1 })}
                </label>
                <input
                  id={id(textName)}
                  name={textName}
                  type="text"
                  placeholder={t("case.label.commitmentText", { n: i + 1 })}
                  defaultValue={val(textName, prefill[i]?.text ?? "")}
                  {...describedBy(id(textName), textErr)}
                />
                {textErr ? (
                  <div className="field-error" id={`${id(textName)}-error`}>
                    {textErr}
                  </div>
                ) : null}
              </div>
              <div className={`field${dateErr ? " invalid" : ""}`}>
                <label htmlFor={id(dateName)} className="sr-only">
                  {t("case.label.commitmentDue", { n: i + 1 })}
                </label>
                <input
                  id={id(dateName)}
                  name={dateName}
                  type="date"
                  title={t("case.label.commitmentDue", { n: i + 1 })}
                  defaultValue={val(dateName, prefill[i]?.dueDate ?? "")}
                  {...describedBy(id(dateName), dateErr)}
                />
                {dateErr ? (
                  <div className="field-error" id={`${id(dateName)}-error`}>
                    {dateErr}
                  </div>
                ) : null}
              </div>
            </div>
          );
        })}
      </fieldset>
    </>
  );
}
