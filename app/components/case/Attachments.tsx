import { useT } from "../../utils/i18n";
import { formatBytes } from "../Attachments";
import { type CaseView, formatDate } from "./shared";

/** 附件: the files given with the case, each with its type as found in its content, to download. */
export function CaseAttachments({ c, timeZone }: { c: CaseView; timeZone: string }) {
  const { t } = useT();
  if (!c.attachments.length) return null;
  return (
    <section className="card" aria-labelledby="attachments-title">
      <h2 id="attachments-title">
        {t("attachment.title")}{" "}
        <span className="muted small">{t("attachment.count", { n: c.attachments.length })}</span>
      </h2>
      <ul className="attachment-list">
        {c.attachments.map((f) => (
          <li key={f.id} className="attachment">
            <a
              href={f.url}
              download={f.fileName}
              className="file-name"
              aria-label={t("attachment.downloadName", { name: f.fileName })}
            >
              <span className={`file-icon ${f.kind ?? "other"}`} aria-hidden>
                {(f.kind ?? "file").toUpperCase()}
              </span>
              {f.fileName}
            </a>
            <span className="small muted">
              {t(`attachment.type.${f.kind ?? "other"}`)} · {formatBytes(f.size)} ·{" "}
              {t("attachment.by", {
                name: f.uploadedBy.displayName,
                date: formatDate(f.createdAt, timeZone),
              })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
