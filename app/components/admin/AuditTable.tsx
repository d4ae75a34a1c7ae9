import { useT } from "../../utils/i18n";

/** One admin_audit row as the admin pages show it (`auditRows` in audit.server.ts makes them). */
export interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  text: string;
}

/** The admin_audit log as a table: when, who, what, and a sentence saying it; `emptyKey` when none. */
export function AuditTable({ rows, emptyKey }: { rows: readonly AuditRow[]; emptyKey: string }) {
  const { t } = useT();
  return (
    <div className="table-wrap">
      {rows.length === 0 ? (
        <p className="empty">{t(emptyKey)}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{t("admin.audit.at")}</th>
              <th>{t("admin.audit.actor")}</th>
              <th>{t("admin.audit.action")}</th>
              <th>{t("admin.audit.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td className="num nowrap">{a.at}</td>
                <td>{a.actor ?? <span className="muted">{t("role.system")}</span>}</td>
                <td className="nowrap">{t(`audit.${a.action}`)}</td>
                <td>{a.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
