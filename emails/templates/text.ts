import type { MailBody } from "./Notice";

/** The plain-text part, from the same content as the HTML part. Wrapped for old clients. */
export function noticeText(body: MailBody): string {
  const colon = body.lang === "en" ? ": " : "：";
  const out: string[] = [body.greeting, "", body.heading, "=".repeat(Math.min(40, width(body.heading))), ""];
  for (const p of body.paragraphs) out.push(p, "");
  // A label on a line of its own ends with the colon alone.
  const ends = colon.trimEnd();
  if (body.quote) {
    out.push(`${body.quote.label}${ends}`);
    for (const line of body.quote.text.split(/\r?\n/)) out.push(`  > ${line}`);
    out.push("");
  }
  if (body.facts.length) {
    for (const f of body.facts) out.push(`${f.label}${colon}${f.value}`);
    out.push("");
  }
  out.push(`${body.primary.label}${ends}`, body.primary.url, "");
  if (body.note) out.push(body.note);
  if (body.secondary) out.push(`${body.secondary.label}${colon}${body.secondary.url}`);
  if (body.note || body.secondary) out.push("");
  out.push("-- ", ...body.footer);
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uFFFF]/.test(ch) ? 2 : 1;
  return w;
}
