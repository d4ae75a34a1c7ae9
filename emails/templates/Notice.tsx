import type { CSSProperties } from "react";

/**
 * The content of one notification mail, in the recipient's language. Every template fills this
 * one shape; the React component below turns it into HTML and `noticeText` (text.ts) into the
 * plain-text part, so the two parts can never say different things.
 */
export interface MailBody {
  lang: "zh-CN" | "en";
  appName: string;
  subject: string;
  /** the line mail clients show next to the subject */
  preheader: string;
  greeting: string;
  heading: string;
  paragraphs: string[];
  quote: { label: string; text: string } | null;
  facts: Array<{ label: string; value: string }>;
  primary: { label: string; url: string };
  /** a line under the button, e.g. what the one-click link may do */
  note: string | null;
  secondary: { label: string; url: string } | null;
  linkFallback: string;
  footer: string[];
}

const BRAND = "#1d4f91";
const ACCENT = "#b3261e";
const INK = "#1f2933";
const MUTED = "#616e7c";
const LINE = "#d9dee5";
const SOFT = "#f4f6f9";
const FONT =
  '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",system-ui,-apple-system,"Segoe UI",Arial,sans-serif';

const text: CSSProperties = { margin: "0 0 14px", fontSize: "15px", lineHeight: "1.7", color: INK };

/** Mail clients ignore style sheets: every style is inline, the layout is tables. */
export function Notice({ body }: { body: MailBody }) {
  return (
    <html lang={body.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{body.subject}</title>
      </head>
      <body style={{ margin: 0, padding: 0, background: SOFT, fontFamily: FONT }}>
        <div style={{ display: "none", maxHeight: 0, overflow: "hidden", opacity: 0 }}>{body.preheader}</div>
        <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ background: SOFT }}>
          <tbody>
            <tr>
              <td align="center" style={{ padding: "24px 12px" }}>
                <table
                  role="presentation"
                  width="100%"
                  cellPadding={0}
                  cellSpacing={0}
                  style={{
                    maxWidth: "600px",
                    background: "#ffffff",
                    border: `1px solid ${LINE}`,
                    borderRadius: "8px",
                    overflow: "hidden",
                  }}
                >
                  <tbody>
                    <tr>
                      <td
                        style={{
                          background: BRAND,
                          borderBottom: `3px solid ${ACCENT}`,
                          padding: "14px 24px",
                          color: "#ffffff",
                          fontSize: "15px",
                          fontWeight: 700,
                        }}
                      >
                        <span
                          style={{
                            display: "inline-block",
                            width: "24px",
                            height: "24px",
                            lineHeight: "24px",
                            textAlign: "center",
                            borderRadius: "5px",
                            background: ACCENT,
                            marginRight: "8px",
                            fontSize: "13px",
                          }}
                        >
                          办
                        </span>
                        {body.appName}
                      </td>
                    </tr>
                    <tr>
                      <td style={{ padding: "28px 28px 8px" }}>
                        <p style={{ ...text, color: MUTED }}>{body.greeting}</p>
                        <h1 style={{ margin: "0 0 16px", fontSize: "21px", lineHeight: "1.4", color: INK }}>
                          {body.heading}
                        </h1>
                        {body.paragraphs.map((p, i) => (
                          <p key={i} style={text}>
                            {p}
                          </p>
                        ))}
                        {body.quote ? (
                          <div
                            style={{
                              margin: "0 0 18px",
                              padding: "10px 14px",
                              background: SOFT,
                              borderLeft: `4px solid ${BRAND}`,
                              color: INK,
                              fontSize: "14px",
                              lineHeight: "1.7",
                              whiteSpace: "pre-wrap",
                            }}
                          >
                            <div style={{ color: MUTED, fontSize: "13px", marginBottom: "2px" }}>
                              {body.quote.label}
                            </div>
                            {body.quote.text}
                          </div>
                        ) : null}
                        {body.facts.length ? <Facts facts={body.facts} /> : null}
                        <Button label={body.primary.label} url={body.primary.url} />
                        {body.note ? (
                          <p style={{ ...text, fontSize: "13px", color: MUTED }}>
                            {body.note}
                            {body.secondary ? (
                              <>
                                {" "}
                                <a href={body.secondary.url} style={{ color: BRAND }}>
                                  {body.secondary.label}
                                </a>
                              </>
                            ) : null}
                          </p>
                        ) : null}
                        <p style={{ ...text, fontSize: "12px", color: MUTED, wordBreak: "break-all" }}>
                          {body.linkFallback}
                          <br />
                          <a href={body.primary.url} style={{ color: BRAND }}>
                            {body.primary.url}
                          </a>
                        </p>
                      </td>
                    </tr>
                    <tr>
                      <td
                        style={{
                          padding: "14px 28px 20px",
                          borderTop: `1px solid ${LINE}`,
                          color: MUTED,
                          fontSize: "12px",
                          lineHeight: "1.6",
                        }}
                      >
                        {body.footer.map((f, i) => (
                          <div key={i}>{f}</div>
                        ))}
                      </td>
                    </tr>
                  </tbody>
                </table>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}

function Facts({ facts }: { facts: MailBody["facts"] }) {
  return (
    <table
      role="presentation"
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      style={{ margin: "0 0 20px", borderCollapse: "collapse", fontSize: "14px" }}
    >
      <tbody>
        {facts.map((f) => (
          <tr key={f.label}>
            <td
              style={{
                padding: "7px 12px 7px 0",
                borderBottom: `1px solid ${LINE}`,
                color: MUTED,
                whiteSpace: "nowrap",
                verticalAlign: "top",
                width: "1%",
              }}
            >
              {f.label}
            </td>
            <td style={{ padding: "7px 0", borderBottom: `1px solid ${LINE}`, color: INK }}>{f.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A "bulletproof" button: a coloured table cell around a link, which every client draws. */
function Button({ label, url }: { label: string; url: string }) {
  return (
    <table role="presentation" cellPadding={0} cellSpacing={0} style={{ margin: "4px 0 18px" }}>
      <tbody>
        <tr>
          <td style={{ background: BRAND, borderRadius: "6px" }}>
            <a
              href={url}
              style={{
                display: "inline-block",
                padding: "11px 22px",
                color: "#ffffff",
                fontSize: "15px",
                fontWeight: 700,
                textDecoration: "none",
              }}
            >
              {label}
            </a>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
