import type { Kysely } from "kysely";
import { type Viewer, visibleTo } from "./cases";
import type { Attachment, Database } from "./schema";

type Q = Kysely<Database>;

/** A file already in the store, described as the upload check found it. */
export interface StoredAttachment {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Writes the attachment rows of a case (inside the transaction that creates it). */
export async function insertAttachments(
  db: Q,
  p: { caseId: number; uploadedBy: number; files: StoredAttachment[]; now: string },
): Promise<void> {
  if (!p.files.length) return;
  await db
    .insertInto("attachments")
    .values(
      p.files.map((f) => ({
        case_id: p.caseId,
        file_name: f.fileName,
        content_type: f.contentType,
        size: f.size,
        sha256: f.sha256,
        uploaded_by: p.uploadedBy,
        created_at: p.now,
      })),
    )
    .execute();
}

/** A case's attachments in the order they were given. Callers have checked the case is visible. */
export async function caseAttachments(db: Q, caseId: number) {
  return db
    .selectFrom("attachments")
    .innerJoin("users", "users.id", "attachments.uploaded_by")
    .selectAll("attachments")
    .select("users.display_name as uploaded_by_name")
    .where("attachments.case_id", "=", caseId)
    .orderBy("attachments.id")
    .execute();
}

export type CaseAttachment = Awaited<ReturnType<typeof caseAttachments>>[number];

/**
 * One attachment of one case, only when the viewer may see that case (the same rule as the case
 * itself); otherwise undefined, so the caller answers 404 whether it is missing or hidden.
 */
export async function visibleAttachment(
  db: Q,
  v: Viewer,
  caseId: number,
  attachmentId: number,
): Promise<Attachment | undefined> {
  return db
    .selectFrom("attachments")
    .innerJoin("cases", "cases.id", "attachments.case_id")
    .selectAll("attachments")
    .where("attachments.id", "=", attachmentId)
    .where("attachments.case_id", "=", caseId)
    .where(visibleTo(v))
    .executeTakeFirst();
}
