import { useEffect, useState } from "react";
import { useT } from "../../utils/i18n";

/** Printing needs the browser's script; without it the page says how to print instead. */
export function PrintButton() {
  const { t } = useT();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <>
      {ready ? (
        <button type="button" className="btn" onClick={() => window.print()}>
          {t("bulletins.print")}
        </button>
      ) : null}
      <span className="small muted">{t("bulletins.printHint")}</span>
    </>
  );
}
