import type { ReactNode } from "react";
import { useT } from "../../utils/i18n";

/**
 * A list of cases or records, one row each (`table.list.rows`): the header from message keys, an
 * unlabelled last column for each row's action when `action` is set, and the rows as children.
 */
export function RowsTable({
  columns,
  action = false,
  children,
}: {
  /** message keys of the column headings */
  columns: readonly string[];
  action?: boolean;
  children: ReactNode;
}) {
  const { t } = useT();
  return (
    <div className="table-wrap">
      <table className="list rows">
        <thead>
          <tr>
            {columns.map((key) => (
              <th key={key}>{t(key)}</th>
            ))}
            {action ? (
              <th>
                <span className="sr-only">{t("col.action")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
