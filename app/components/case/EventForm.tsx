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
  type RequestChoices,
  useKindT,
  useThemeName,
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
  "RETURN",
]);

/** The payload fields each form shows; any other field problem is listed above the form. */
const FIELDS: Record<string, string[]> = {
  UPDATE_DRAFT: ["title", "body", "measures"],
  WITHDRAW: ["reason"],
  ACCEPT: ["sessionLabel", "category", "theme", "priority"],
  REJECT: ["reason"],
  RETURN_FOR_REVISION: ["reason"],
  MERGE: ["intoCaseId"],
  ASSIGN: ["leadDepartmentId", "coDepartmentIds", "note"],
  REASSIGN: ["leadDepartmentId", "coDepartmentIds", "note"],
  OBJECT: ["reason"],
  DISMISS_OBJECTION: ["reason", "departmentId"],
  RECORD_CONTACT: ["date", "method", "summary"],
  SUBMIT_OPINION: ["body"],
  WAIVE_OPINION: ["departmentId", "reason"],
  REQUEST_EXTENSION: ["until", "reason"],
  APPROVE_EXTENSION: ["note"],
  DENY_EXTENSION: ["reason"],
  SUBMIT_REPLY: ["classification", "resolution", "body", "contactName", "contactPhone", "commitments"],
  APPROVE_REPLY: ["note"],
  RETURN_REPLY: ["reason"],
  EVALUATE: ["attitude", "result", "comment"],
  RETURN: ["reasonCode", "suggestedDepartmentId", "note"],
  REQUEST_INFO: ["question"],
  PROVIDE_INFO: ["answer"],
  FEEDBACK: ["rating", "comment"],
  RECORD_VISIT: ["date", "method", "rating", "note"],
  CLOSE: ["reason"],
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
  const tk = useKindT(c.kind);
  const themeName = useThemeName();
  const request = c.kind === "enterprise_request" ? choices.request : undefined;
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
      optional?: boolean;
    },
  ) => {
    const current = val(name, opts.fallback);
    return (
      <fieldset className={`field radios${opts.stacked ? " stacked" : ""}${err(name) ? " invalid" : ""}`}>
        <legend>
          {opts.legend}
          {opts.optional ? null : (
            <span className="req" aria-hidden>
              {" "}
              *
            </span>
          )}
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
        {/* Nothing ticked sends nothing: this tells the server the list was there, and empty. */}
        <input type="hidden" name="_lists" value={name} />
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
    case "CLOSE":
      fields = textarea("reason", { label: tk(`case.label.reason.${type}`), required: true, rows: 3 });
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
      if (request?.mergeCandidates.length) {
        fields = <MergeFields request={request} id={id} err={err} val={val} input={input} />;
        break;
      }
      fields = input("intoCaseId", {
        label: t("case.label.intoCaseId"),
        type: "number",
        required: true,
        hint: t("case.hint.intoCaseId"),
      });
      break;
    case "ACCEPT":
      if (request) {
        fields = (
          <>
            {radios("category", {
              legend: t("case.label.category"),
              fallback: request.facts.category ?? "",
              options: request.categories.map((k) => ({
                value: k,
                label: (
                  <>
                    <strong>{t(`category.${k}`)}</strong>
                    <span className="choice-desc">{t(`case.categoryHint.${k}`)}</span>
                  </>
                ),
              })),
              stacked: true,
            })}
            {select("theme", {
              label: t("case.label.theme"),
              options: request.themes.map((x) => ({
                value: x.code,
                label: themeName(x.code, request.themes),
              })),
              placeholder: t("case.label.noTheme"),
              fallback: request.facts.theme ?? "",
            })}
            {radios("priority", {
              legend: t("case.label.priority"),
              fallback: request.facts.priority ?? "normal",
              options: request.priorities.map((k) => ({ value: k, label: t(`priority.${k}`) })),
            })}
          </>
        );
        break;
      }
      fields = input("sessionLabel", {
        label: t("case.label.sessionLabel"),
        hint: t("case.hint.sessionLabel"),
      });
      break;
    case "ASSIGN":
    case "REASSIGN":
      if (request && type === "ASSIGN") {
        fields = departments.length ? (
          <>
            <UnitSelect
              name="leadDepartmentId"
              label={t("case.label.handlingUnit")}
              required
              departments={departments}
              hints={request.suggestions}
              id={id}
              err={err}
              value={val("leadDepartmentId")}
              placeholder={t("case.label.chooseUnit")}
            />
            {textarea("note", {
              label: t("case.label.assignNote"),
              rows: 2,
              hint: t("case.hint.assignNote"),
            })}
          </>
        ) : (
          <p className="muted small">{t("case.hint.noDepartments")}</p>
        );
        break;
      }
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
    case "RETURN": {
      const own = c.assignments.find((a) => a.active && a.role === "lead")?.departmentId;
      fields = (
        <>
          {select("reasonCode", {
            label: t("case.label.returnReason"),
            options: (request?.returnReasons ?? []).map((k) => ({ value: k, label: t(`returnReason.${k}`) })),
            required: true,
            placeholder: t("case.label.choose"),
          })}
          {select("suggestedDepartmentId", {
            label: t("case.label.suggestedUnit"),
            options: departments
              .filter((d) => d.id !== own)
              .map((d) => ({ value: String(d.id), label: d.name })),
            placeholder: t("case.label.noSuggestion"),
            hint: t("case.hint.suggestedUnit"),
          })}
          {textarea("note", {
            label: t("case.label.returnNote"),
            required: true,
            rows: 3,
            hint: t("case.hint.returnNote"),
          })}
        </>
      );
      break;
    }
    case "REQUEST_INFO":
      fields = textarea("question", {
        label: t("case.label.question"),
        required: true,
        rows: 4,
        hint: t("case.hint.question"),
      });
      break;
    case "PROVIDE_INFO":
      fields = textarea("answer", {
        label: t("case.label.answer"),
        required: true,
        rows: 8,
        hint: t("case.hint.answer"),
      });
      break;
    case "FEEDBACK":
      fields = (
        <>
          {radios("rating", {
            legend: t("case.label.rating"),
            options: (request?.ratings ?? choices.satisfaction).map((k) => ({
              value: k,
              label: t(`result.${k}`),
            })),
          })}
          {textarea("comment", {
            label: t("case.label.comment"),
            rows: 3,
            hint: t("case.hint.feedbackComment"),
          })}
        </>
      );
      break;
    case "RECORD_VISIT":
      fields = (
        <>
          <div className="row-2">
            {input("date", {
              label: t("case.label.visitDate"),
              type: "date",
              required: true,
              fallback: c.today,
            })}
            {select("method", {
              label: t("case.label.visitMethod"),
              options: (request?.visitMethods ?? []).map((m) => ({ value: m, label: t(`method.${m}`) })),
              required: true,
              placeholder: t("case.label.choose"),
              fallback: "phone",
            })}
          </div>
          {radios("rating", {
            legend: t("case.label.visitRating"),
            options: (request?.ratings ?? choices.satisfaction).map((k) => ({
              value: k,
              label: t(`result.${k}`),
            })),
          })}
          {textarea("note", {
            label: t("case.label.visitNote"),
            required: true,
            rows: 3,
            hint: t("case.hint.visitNote"),
          })}
        </>
      );
      break;
    case "SUBMIT_REPLY":
      if (request) {
        fields = <RequestReplyFields c={c} request={request} radios={radios} textarea={textarea} />;
        break;
      }
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

  const kindKey = (key: string) => (hasKey(lang, `${key}.${c.kind}`) ? `${key}.${c.kind}` : key);
  const hintKey = kindKey(`case.hint.${type}`);
  const submitKey = kindKey(`case.submit.${type}`);
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
          {busy ? t("case.sending") : hasKey(lang, submitKey) ? t(submitKey) : tk(`event.${type}`)}
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

/**
 * 交办 of an enterprise request: one unit. The units worth considering come first, each with why:
 * the unit a returning unit named, units that handled this enterprise's or this theme's requests.
 * A unit that already sent this request back stays choosable, marked.
 */
function UnitSelect({
  name,
  label,
  required,
  departments,
  hints,
  id,
  err,
  value,
  placeholder,
}: {
  name: string;
  label: string;
  required?: boolean;
  departments: DepartmentOption[];
  hints: RequestChoices["suggestions"];
  id: (name: string) => string;
  err: (name: string) => string | undefined;
  value: string;
  placeholder: string;
}) {
  const { t } = useT();
  const byId = new Map(departments.map((d) => [d.id, d]));
  const hintOf = new Map(hints.map((h) => [h.departmentId, h]));
  const suggested = hints.filter((h) => !h.returnedThis && byId.has(h.departmentId));
  const suggestedIds = new Set(suggested.map((h) => h.departmentId));
  const others = departments.filter((d) => !suggestedIds.has(d.id));
  const why = (h: (typeof hints)[number]) =>
    [
      h.suggestedByReturn ? t("case.suggest.byReturn") : null,
      h.sameEnterprise ? t("case.suggest.sameEnterprise", { n: h.sameEnterprise }) : null,
      h.sameTheme ? t("case.suggest.sameTheme", { n: h.sameTheme }) : null,
      h.similarCases ? t("case.suggest.similarCases", { n: h.similarCases }) : null,
    ]
      .filter(Boolean)
      .join(t("case.listSep"));
  const e = err(name);
  return (
    <Field
      id={id(name)}
      label={label}
      error={e}
      required={required}
      hint={suggested.length ? t("case.hint.suggestedFirst") : t("case.hint.noSuggestions")}
    >
      <select
        id={id(name)}
        name={name}
        defaultValue={value}
        aria-required={required || undefined}
        {...describedBy(id(name), e, true)}
      >
        <option value="">{placeholder}</option>
        {suggested.length ? (
          <optgroup label={t("case.suggest.group")}>
            {suggested.map((h) => (
              <option key={h.departmentId} value={String(h.departmentId)}>
                {byId.get(h.departmentId)?.name} · {why(h)}
              </option>
            ))}
          </optgroup>
        ) : null}
        <optgroup label={suggested.length ? t("case.suggest.others") : t("case.suggest.all")}>
          {others.map((d) => (
            <option key={d.id} value={String(d.id)}>
              {d.name}
              {hintOf.get(d.id)?.returnedThis ? ` · ${t("case.suggest.returnedThis")}` : ""}
            </option>
          ))}
        </optgroup>
      </select>
      {suggested.length ? (
        <ul className="suggest-list small">
          {suggested.slice(0, 3).map((h) => (
            <li key={h.departmentId}>
              <strong>{byId.get(h.departmentId)?.name}</strong> <span className="muted">{why(h)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Field>
  );
}

/** 并案: the likely duplicates of the same enterprise to choose from, or any other request's number. */
function MergeFields({
  request,
  id,
  err,
  val,
  input,
}: {
  request: RequestChoices;
  id: (name: string) => string;
  err: (name: string) => string | undefined;
  val: (name: string, fallback?: string) => string;
  input: FieldFn;
}) {
  const { t } = useT();
  const tk = useKindT("enterprise_request");
  const current = val("intoCaseId");
  const e = err("intoCaseId");
  return (
    <>
      <fieldset className={`field radios stacked${e ? " invalid" : ""}`}>
        <legend>
          {t("case.label.mergeInto")}
          <span className="req" aria-hidden>
            {" "}
            *
          </span>
        </legend>
        <div className="choices">
          {request.mergeCandidates.map((m) => (
            <label key={m.id} className="choice">
              <input
                type="radio"
                name="intoCaseId"
                value={String(m.id)}
                defaultChecked={current === String(m.id)}
              />
              <span>
                <strong>
                  #{m.id} {m.title}
                </strong>
                <span className="choice-desc">
                  {tk(`state.${m.state}`)}
                  {m.leadDepartmentName ? ` · ${m.leadDepartmentName}` : ""}
                  {m.submittedOn ? ` · ${m.submittedOn}` : ""}
                </span>
              </span>
            </label>
          ))}
          <label className="choice">
            <input type="radio" name="intoCaseId" value="other" defaultChecked={current === "other"} />
            <span>{t("case.label.mergeOther")}</span>
          </label>
        </div>
        {e ? (
          <div className="field-error" role="alert" id={`${id("intoCaseId")}-error`}>
            {e}
          </div>
        ) : null}
      </fieldset>
      {input("intoCaseIdOther", {
        label: t("case.label.intoCaseId"),
        type: "number",
        hint: t("case.hint.intoCaseIdOther"),
      })}
    </>
  );
}

/** 答复 of an enterprise request: how it was resolved, and the text the enterprise receives. */
function RequestReplyFields({
  c,
  request,
  radios,
  textarea,
}: {
  c: CaseView;
  request: RequestChoices;
  radios: FieldFn;
  textarea: FieldFn;
}) {
  const { t } = useT();
  const returned = [...c.replies].reverse().find((r) => r.round === c.round && r.status === "returned");
  return (
    <>
      {radios("resolution", {
        legend: t("case.label.resolution"),
        stacked: true,
        fallback: returned?.resolution ?? "",
        options: request.resolutions.map((k) => ({
          value: k,
          label: (
            <>
              <strong>{t(`resolution.${k}`)}</strong>
              <span className="choice-desc">{t(`case.resolutionHint.${k}`)}</span>
            </>
          ),
        })),
      })}
      {textarea("body", {
        label: t("case.label.replyBody"),
        required: true,
        rows: 14,
        hint: t("case.hint.requestReplyBody"),
        fallback: returned?.body ?? "",
      })}
    </>
  );
}
