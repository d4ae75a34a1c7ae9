import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BulletinDocument } from "../components/bulletin/BulletinDocument";
import { PrintButton } from "../components/bulletin/PrintButton";
import { bulletinPage } from "../models/bulletin-page.server";
import bulletinStyles from "../styles/bulletin.css";
import { requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bulletinStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.title : "404" }];

/**
 * A published bulletin as the units read it (the mail links here): handlers, heads and supervisors.
 * A draft, or anyone else, finds nothing (404).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const b = await bulletinPage(user, params.id);
  return { ...b, supervisor: user.role === "supervisor" };
}

export default function Bulletin() {
  const b = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="bdoc-page">
      <div className="bdoc-toolbar no-print">
        {b.supervisor ? (
          <Link to={`/supervision/bulletins/${b.id}`}>← {t("bulletins.back")}</Link>
        ) : (
          <span className="small muted">{b.status === "published" ? t("bulletins.forUnits") : null}</span>
        )}
        <div className="actions">
          <PrintButton />
        </div>
      </div>
      <BulletinDocument content={b.content} issue={b.content.issue ?? null} date={b.date} />
    </div>
  );
}
