import { caseAttachments, visibleAttachment } from "../../db/attachments";
import { getVisibleCase, type Viewer } from "../../db/cases";
import { CaseError } from "../../workflows/errors";
import { type Lang, t } from "../i18n";
import { db } from "../utils/db.server";
import { attachmentView } from "./case.server";
import { readStoredFile } from "./uploads.server";

/** GET /api/v1/cases/:id/attachments: the case's attachments, when the viewer may see the case. */
export async function listAttachments(viewer: Viewer, caseId: number) {
  const q = db();
  if (!(await getVisibleCase(q, viewer, caseId))) throw new CaseError("not_found", "case_not_found");
  return { items: (await caseAttachments(q, caseId)).map((f) => attachmentView(caseId, f)) };
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / RFC 5987): the plain name for old
 * clients, with anything outside printable ASCII replaced, and the exact name percent-encoded.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The file of one attachment, as a download. The attachment must belong to that case and the
 * case must be visible to the viewer (else 404, whether it exists or not). The stored bytes are
 * hashed again: a missing or altered file is refused, never served.
 */
export async function attachmentDownload(
  viewer: Viewer,
  caseId: number,
  attachmentId: number,
  lang: Lang,
): Promise<Response> {
  const row = await visibleAttachment(db(), viewer, caseId, attachmentId);
  if (!row)
    return new Response(t(lang, "attachment.notFound"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  const stored = await readStoredFile({ sha256: row.sha256, size: row.size });
  if (!stored.ok) {
    console.error(
      `attachment ${row.id} of case ${row.case_id}: stored file ${row.sha256} is ${stored.problem}; not served`,
    );
    return new Response(t(lang, "attachment.unavailable"), {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(new Uint8Array(stored.bytes), {
    status: 200,
    headers: {
      "Content-Type": row.content_type,
      "Content-Length": String(stored.bytes.length),
      "Content-Disposition": contentDisposition(row.file_name),
      "X-Content-Type-Options": "nosniff",
      // Opened in a tab anyway, the file runs nothing and loads nothing.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
      ETag: `"${row.sha256}"`,
    },
  });
}
