import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CaseError } from "../../workflows/errors";
import { formatDate } from "../components/case/shared";
import { t as translate } from "../i18n";
import { caseDetail } from "../models/case.server";
import letterStyles from "../styles/letter.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: letterStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.letter.title : "404" }];

/** The letter is an official document in Chinese, whatever language the screen around it uses. */
const zh = (key: string, params?: Record<string, unknown>) => translate("zh-CN", key, params);

/** `2026年3月5日`: the date style of official documents (GB/T 9704), Arabic numerals, no padding. */
function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return zh("letter.date", { y, m, d });
}

const DATE_LINE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;

/**
 * The reply's text as the letter's paragraphs. Units often type the salutation (某某委员：) and the
 * signature (unit, date) into the reply itself; the letter sets both in their proper places, so a
 * typed copy at the very start or end is left out rather than printed twice.
 */
function letterParagraphs(body: string, author: string, unit: string): string[] {
  const ps = body
    .split(/\r?\n/)
    .map((p) => p.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((p) => p !== "");
  if (
    ps.length > 1 &&
    author &&
    ps[0].startsWith(author) &&
    /[：:]$/.test(ps[0]) &&
    ps[0].length <= author.length + 8
  )
    ps.shift();
  while (ps.length > 1 && (DATE_LINE.test(ps[ps.length - 1]) || ps[ps.length - 1] === unit)) ps.pop();
  return ps;
}

function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await langOf(request, user);
  const id = Number(params.id);
  if (!params.id || !/^\d{1,10}$/.test(params.id) || !Number.isSafeInteger(id) || id <= 0) notFound();
  const c = await caseDetail(actorOf(user), id, lang).catch((e) => {
    if (e instanceof CaseError && e.code === "not_found") notFound();
    throw e;
  });
  const reply = c.replies.filter((r) => r.status === "approved").at(-1);
  if (!reply) notFound();

  // Not a top-level import: the module reads process.env, which the browser bundle must not.
  const { TIME_ZONE } = await import("../../workflows/dates");
  const date = formatDate(reply.reviewedAt ?? reply.submittedAt, TIME_ZONE);
  const copyTo = c.assignments
    .filter((a) => a.active && a.role === "co" && a.departmentId !== reply.departmentId)
    .map((a) => a.departmentName);
  return {
    caseId: c.id,
    letter: {
      unit: reply.departmentName,
      title: c.number ? zh("letter.title", { n: c.number }) : zh("letter.titleNoNumber"),
      addressee: zh("letter.addressee", { name: c.author.displayName }),
      classification: reply.classification,
      signedBy: reply.reviewedBy,
      paragraphs: letterParagraphs(reply.body, c.author.displayName, reply.departmentName),
      contactName: reply.contactName,
      contactPhone: reply.contactPhone,
      date: chineseDate(date),
      copyTo,
    },
  };
}

/** Printing needs the browser's script; without it the page says how to print instead. */
function PrintButton() {
  const { t } = useT();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <>
      {ready ? (
        <button type="button" className="btn" onClick={() => window.print()}>
          {t("letter.print")}
        </button>
      ) : null}
      <span className="small muted">{t("letter.printHint")}</span>
    </>
  );
}

export default function ReplyLetter() {
  const { caseId, letter } = useLoaderData<typeof loader>();
  const { t } = useT();
  const sep = zh("case.listSep");
  return (
    <div className="letter-page">
      <div className="letter-toolbar no-print">
        <Link to={`/cases/${caseId}`}>← {t("letter.back")}</Link>
        <div className="actions">
          <PrintButton />
        </div>
      </div>
      <article className="letter" lang="zh-CN">
        <header className="letter-head">
          <div className="letter-org">{letter.unit}</div>
          <div className="letter-meta">
            <span>
              {letter.classification ? zh("letter.classification", { c: letter.classification }) : ""}
            </span>
            <span>{letter.signedBy ? zh("letter.signedBy", { name: letter.signedBy }) : ""}</span>
          </div>
          <hr className="letter-rule" />
        </header>
        <h1 className="letter-title">{letter.title}</h1>
        <p className="letter-addressee">{letter.addressee}</p>
        <div className="letter-body">
          {letter.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
        {letter.contactName || letter.contactPhone ? (
          <p className="letter-contact">
            {letter.contactName ? zh("letter.contactName", { name: letter.contactName }) : ""}
            {letter.contactName && letter.contactPhone ? "　　" : ""}
            {letter.contactPhone ? zh("letter.contactPhone", { phone: letter.contactPhone }) : ""}
          </p>
        ) : null}
        <div className="letter-sign">
          <div>{letter.unit}</div>
          <div>{letter.date}</div>
        </div>
        {letter.copyTo.length ? (
          <footer className="letter-cc">{zh("letter.copyTo", { units: letter.copyTo.join(sep) })}</footer>
        ) : null}
      </article>
    </div>
  );
}
