import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { CalendarBanner } from "./components/CalendarBanner";
import { t as translate } from "./i18n";
import { calendarGapFor } from "./models/calendar-import.server";
import styles from "./styles/app.css";
import { getUser } from "./utils/auth.server";
import { useT } from "./utils/i18n";
import { langOf } from "./utils/lang.server";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [{ title: "提案建议与企业诉求办理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const lang = await langOf(request, user);
  return {
    lang,
    user: user && {
      id: user.id,
      displayName: user.display_name,
      role: user.role,
      departmentId: user.department_id,
    },
    calendarGap: await calendarGapFor(user),
  };
}

/** Navigation by role: each person's main pages first. */
const NAV: Record<string, Array<{ to: string; key: string }>> = {
  delegate: [
    { to: "/proposals", key: "nav.myProposals" },
    { to: "/proposals/new", key: "nav.newProposal" },
    { to: "/settings", key: "nav.settings" },
  ],
  supervisor: [
    { to: "/supervision", key: "nav.supervision" },
    { to: "/supervision/bulletins", key: "nav.bulletins" },
    { to: "/cases", key: "nav.allCases" },
    { to: "/supervision/stats", key: "nav.stats" },
    { to: "/enterprises", key: "nav.enterprises" },
    // 代为录入: a request taken in by visit, hotline, letter or forum, filed for its enterprise.
    { to: "/requests/new", key: "nav.fileRequest" },
    { to: "/settings", key: "nav.settings" },
  ],
  handler: [
    { to: "/inbox", key: "nav.inbox" },
    { to: "/cases", key: "nav.allCases" },
    { to: "/settings", key: "nav.settings" },
  ],
  dept_head: [
    { to: "/inbox", key: "nav.inbox" },
    { to: "/cases", key: "nav.allCases" },
    { to: "/settings", key: "nav.settings" },
  ],
  admin: [
    { to: "/admin", key: "nav.admin" },
    { to: "/enterprises", key: "nav.enterprises" },
    { to: "/admin/calendar", key: "nav.calendar" },
    { to: "/admin/mail", key: "nav.mail" },
    { to: "/settings", key: "nav.settings" },
  ],
  enterprise: [
    { to: "/requests", key: "nav.myRequests" },
    { to: "/requests/new", key: "nav.newRequest" },
    { to: "/settings", key: "nav.settings" },
  ],
};

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const lang = data?.lang ?? "zh-CN";
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const { t, lang } = useT();
  const location = useLocation();
  const here = location.pathname + location.search;
  const user = data?.user;
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden>
            办
          </span>
          {t("app.name")}
        </Link>
        {user ? (
          <nav className="mainnav" aria-label={t("nav.main")}>
            {(NAV[user.role] ?? []).map((n) => (
              <NavLink key={n.to} to={n.to} end>
                {t(n.key)}
              </NavLink>
            ))}
          </nav>
        ) : null}
        <div className="topbar-right">
          <Form method="post" action="/lang" className="inline">
            <input type="hidden" name="redirectTo" value={here} />
            <input type="hidden" name="lang" value={lang === "en" ? "zh-CN" : "en"} />
            <button type="submit" className="linklike" lang={lang === "en" ? "zh-CN" : "en"}>
              {lang === "en" ? "中文" : "English"}
            </button>
          </Form>
          {user ? (
            <>
              <span className="whoami">
                {user.displayName} · {t(`role.${user.role}`)}
              </span>
              <Form method="post" action="/logout" className="inline">
                <button type="submit" className="linklike">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </div>
    </header>
  );
}

export default function App() {
  return (
    <>
      <Header />
      <main className="page">
        <CalendarBanner />
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const lang = data?.lang ?? "zh-CN";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "error.not_found" : status === 403 ? "error.forbidden" : "error.unavailable";
  return (
    <>
      <Header />
      <main className="page">
        <div className="card error-page">
          <h1>{status}</h1>
          <p>{translate(lang, key)}</p>
          <p>
            <Link to="/">{translate(lang, "nav.home")}</Link>
          </p>
        </div>
      </main>
    </>
  );
}
