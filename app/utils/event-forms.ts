/**
 * Flat HTML form fields → the event payload the engine validates. Pure (no Remix), so the
 * browser's forms and the JSON API reach the engine with the same shapes.
 *
 * This module only converts types; it never decides what is valid. Unknown intents and unknown
 * fields pass through untouched so the engine refuses them with its own words.
 */

export interface FormEvent {
  type: string;
  payload: Record<string, unknown>;
  expectedVersion: number | undefined;
}

/**
 * Fields the form machinery itself uses; never part of a payload. `_lists` names a checkbox group
 * the form showed: nothing ticked sends nothing at all, and the marker turns that into `[]`.
 */
const LIST_MARKER = "_lists";
const CONTROL_FIELDS = new Set(["intent", "expectedVersion", LIST_MARKER]);

/** Single ids chosen in selects or typed in number inputs. */
const ID_FIELDS = new Set(["leadDepartmentId", "departmentId", "intoCaseId", "suggestedDepartmentId"]);

/** Repeated checkboxes carrying ids. */
const ID_LIST_FIELDS = new Set(["coDepartmentIds", "cosignerIds"]);

/**
 * 并案 offers the likely duplicates as choices and "another number" typed beside them: the typed
 * number counts when "other" is chosen, or when nothing is.
 */
const OTHER_CHOICE: Record<string, string> = { intoCaseId: "intoCaseIdOther" };

/**
 * Fields a person may deliberately empty: sending "" tells the engine to clear them, where omitting
 * would leave the old text in place.
 */
const CLEARABLE: Record<string, ReadonlySet<string>> = {
  UPDATE_DRAFT: new Set(["measures"]),
};

const COMMITMENT = /^commitments\.(\d{1,2})\.(text|dueDate)$/;

/** A whole-number string as a number; anything else is left as typed for the engine to refuse. */
function toId(raw: string): number | string {
  const s = raw.trim();
  return /^\d{1,15}$/.test(s) ? Number(s) : s;
}

function strings(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string");
}

/** The commitment rows (承诺事项) that carry anything, in the form's order, with their row number. */
export function commitmentRows(form: FormData): Array<{ row: number; text: string; dueDate: string }> {
  const rows = new Map<number, { text: string; dueDate: string }>();
  for (const [name, value] of form.entries()) {
    const m = COMMITMENT.exec(name);
    if (!m || typeof value !== "string") continue;
    const row = Number(m[1]);
    const r = rows.get(row) ?? { text: "", dueDate: "" };
    r[m[2] as "text" | "dueDate"] = value;
    rows.set(row, r);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, r]) => r.text.trim() !== "" || r.dueDate.trim() !== "")
    .map(([row, r]) => ({ row, ...r }));
}

/** The form's fields as an event: `intent` is the event type, the rest its payload. */
export function formToEvent(form: FormData): FormEvent {
  const intent = form.get("intent");
  const type = typeof intent === "string" ? intent : "";
  const rawVersion = form.get("expectedVersion");
  const expectedVersion =
    typeof rawVersion === "string" && /^\d{1,12}$/.test(rawVersion.trim())
      ? Number(rawVersion.trim())
      : undefined;

  const clearable = CLEARABLE[type] ?? new Set<string>();
  const payload: Record<string, unknown> = {};
  const seen = new Set<string>();
  const typedOther = new Set(Object.values(OTHER_CHOICE));
  for (const name of form.keys()) {
    if (seen.has(name) || CONTROL_FIELDS.has(name) || COMMITMENT.test(name) || typedOther.has(name)) continue;
    seen.add(name);
    const values = strings(form, name);
    if (ID_LIST_FIELDS.has(name)) {
      payload[name] = values.filter((v) => v.trim() !== "").map(toId);
      continue;
    }
    if (name === "isKey") {
      payload.isKey = values.some((v) => v === "true" || v === "on" || v === "1");
      continue;
    }
    let value = values[values.length - 1] ?? "";
    if (name in OTHER_CHOICE && value === "other") {
      const typed = form.get(OTHER_CHOICE[name]);
      value = typeof typed === "string" ? typed : "";
    }
    if (value.trim() === "" && !clearable.has(name)) continue;
    payload[name] = ID_FIELDS.has(name) ? toId(value) : value;
  }

  // A number typed beside the choices, with no choice made, is the choice.
  for (const [name, other] of Object.entries(OTHER_CHOICE)) {
    const typed = form.get(other);
    if (!form.has(name) && typeof typed === "string" && typed.trim() !== "") payload[name] = toId(typed);
  }

  // An unticked checkbox sends nothing at all: absence is the answer.
  if (type === "FLAG_KEY" && !("isKey" in payload)) payload.isKey = false;
  for (const list of strings(form, LIST_MARKER))
    if (ID_LIST_FIELDS.has(list) && !(list in payload)) payload[list] = [];

  const rows = commitmentRows(form);
  if (rows.length) payload.commitments = rows.map((r) => commitmentOf(r));

  return { type, payload, expectedVersion };
}

function commitmentOf(r: { text: string; dueDate: string }): { text: string; dueDate?: string } {
  return r.dueDate.trim() === "" ? { text: r.text } : { text: r.text, dueDate: r.dueDate.trim() };
}

/**
 * The engine names a commitment's problem by its place in the payload (`commitments.0.text`);
 * the form names it by its row, which differs when a blank row came first.
 */
export function fieldNamesForForm(form: FormData, fields: Record<string, string>): Record<string, string> {
  const rows = commitmentRows(form);
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const m = /^commitments\.(\d+)(\..+)?$/.exec(key);
    const row = m ? rows[Number(m[1])]?.row : undefined;
    out[m && row !== undefined ? `commitments.${row}${m[2] ?? ""}` : key] = message;
  }
  return out;
}

/** What the person typed, to put back into the form after a refusal (never the control fields). */
export function formValues(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(form.keys())) {
    if (CONTROL_FIELDS.has(name)) continue;
    const values = strings(form, name);
    out[name] = ID_LIST_FIELDS.has(name) ? values : (values[values.length - 1] ?? "");
  }
  return out;
}
