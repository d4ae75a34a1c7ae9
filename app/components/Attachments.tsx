import { useT } from "../utils/i18n";

/** Sizes in the units people read: bytes, KB, MB (1024-based, as file managers show them). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** A file received with a form that came back (refused, or asking to confirm): it stays attached. */
export interface KeptFileView {
  token: string;
  fileName: string;
  size: number;
  kind: string | null;
}

/** What the browser is told to offer in its file picker; the server judges the content anyway. */
const ACCEPT = [".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".txt", ".csv"].join(",");

/**
 * 附件: the file input of a form (the form needs encType="multipart/form-data"), with the files
 * already received shown as ticked boxes that send them again. Works without JavaScript.
 */
export function AttachmentsField({
  kept,
  error,
  limits,
  label,
}: {
  kept: KeptFileView[];
  error?: string;
  limits: { maxFiles: number; maxFileBytes: number };
  label: string;
}) {
  const { t } = useT();
  const describedBy = ["attachments-hint", error ? "attachments-error" : null].filter(Boolean).join(" ");
  return (
    <div className={`field attachments-field${error ? " invalid" : ""}`}>
      <label htmlFor="attachments">{label}</label>
      <div className="hint" id="attachments-hint">
        {t("attachment.hint", { max: limits.maxFiles, size: formatBytes(limits.maxFileBytes) })}
      </div>
      {kept.length ? (
        <div className="kept-files">
          <p className="small">{t("attachment.kept")}</p>
          <ul>
            {kept.map((f) => (
              <li key={f.token}>
                <label>
                  <input
                    type="checkbox"
                    name="keptAttachment"
                    value={f.token}
                    defaultChecked
                    aria-label={t("attachment.keep", { name: f.fileName })}
                  />
                  <span className="file-name">{f.fileName}</span>
                  <span className="muted small">
                    {t(`attachment.type.${f.kind ?? "other"}`)} · {formatBytes(f.size)}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <input
        // Files the server received are listed above: the picker starts empty again.
        key={kept.map((f) => f.token).join() || "none"}
        id="attachments"
        name="attachments"
        type="file"
        multiple
        accept={ACCEPT}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <div className="field-error" id="attachments-error">
          {error} {t("attachment.reselect")}
        </div>
      ) : null}
    </div>
  );
}
