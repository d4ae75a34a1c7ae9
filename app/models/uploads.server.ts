import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import type { StoredAttachment } from "../../db/attachments";
import type { FieldProblem } from "../../workflows/errors";
import { env, sessionSecret } from "../utils/env.server";
import { detectFileType } from "./file-type.server";

/**
 * Attachments (附件) on their way in: the limits, reading a multipart form without ever holding
 * more than the limits allow, checking each file by its content, and the content-addressed store
 * (a file is named by its SHA-256, so writing the same file twice is harmless). Decision 008.
 */

/** The one place the limits live. */
export const UPLOAD_LIMITS = {
  /** bytes per file */
  maxFileBytes: 10 * 1024 * 1024,
  /** files per case */
  maxFiles: 5,
  /** characters of a file name as shown */
  maxNameLength: 120,
  /** bytes of any one text field of a multipart form */
  maxFieldBytes: 256 * 1024,
  /** parts of one multipart form */
  maxParts: 64,
  /** hours a file received with a refused form stays attached to the form */
  keepHours: 24,
} as const;

/** The field of the forms that carries files, and the one that carries files already received. */
export const ATTACHMENT_FIELD = "attachments";
export const KEPT_FIELD = "keptAttachment";

export function uploadDir(): string {
  return path.resolve(env().UPLOAD_DIR);
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

const HEX64 = /^[0-9a-f]{64}$/;

function storedPath(dir: string, sha256: string): string {
  if (!HEX64.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return path.join(dir, sha256.slice(0, 2), sha256);
}

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Writes the bytes under their hash, unless a file of that hash and size is there already. The
 * file appears whole or not at all (written beside it, then renamed).
 */
export async function storeFile(
  bytes: Uint8Array,
  dir = uploadDir(),
): Promise<{ sha256: string; size: number }> {
  const sha256 = sha256Of(bytes);
  const target = storedPath(dir, sha256);
  const existing = await fs.stat(target).catch(() => null);
  if (existing?.size === bytes.length) return { sha256, size: bytes.length };
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.part`;
  await fs.writeFile(temp, bytes, { flag: "wx" });
  await fs.rename(temp, target);
  return { sha256, size: bytes.length };
}

export type StoredRead = { ok: true; bytes: Buffer } | { ok: false; problem: "missing" | "altered" };

/** The stored bytes, only if they still hash to what was recorded. */
export async function readStoredFile(
  f: { sha256: string; size: number },
  dir = uploadDir(),
): Promise<StoredRead> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(storedPath(dir, f.sha256));
  } catch {
    return { ok: false, problem: "missing" };
  }
  if (bytes.length !== f.size || sha256Of(bytes) !== f.sha256) return { ok: false, problem: "altered" };
  return { ok: true, bytes };
}

async function isStored(f: { sha256: string; size: number }, dir: string): Promise<boolean> {
  const s = await fs.stat(storedPath(dir, f.sha256)).catch(() => null);
  return s?.size === f.size;
}

// ---------------------------------------------------------------------------------------------
// File names
// ---------------------------------------------------------------------------------------------

/**
 * A given file name made safe to show and to offer as a download name: no path, no control or
 * direction-changing characters, at most `maxNameLength` characters, and ending in an extension
 * of the type the content was found to be (a text file named `page.html` becomes `page.html.txt`).
 */
export function displayName(given: string, extensions: string[]): string {
  let name = cleanName(given);
  const lower = name.toLowerCase();
  if (!extensions.some((e) => lower.endsWith(e) && lower.length > e.length))
    name = `${name || "file"}${extensions[0]}`;
  const max = UPLOAD_LIMITS.maxNameLength;
  if ([...name].length > max) {
    const dot = name.lastIndexOf(".");
    const ext = name.slice(dot);
    name = [...name.slice(0, dot)].slice(0, max - [...ext].length).join("") + ext;
  }
  return name;
}

/** The name without path, control or direction-changing characters; possibly empty. */
export function cleanName(given: string): string {
  return (
    (given.split(/[/\\]/).pop() ?? "")
      .normalize("NFC")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
      .replace(/["<>|:*?]/g, "_")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^\.+/, "")
  );
}

// ---------------------------------------------------------------------------------------------
// Reading a multipart form
// ---------------------------------------------------------------------------------------------

/** A file part as it arrived: its bytes only when it was within the limits. */
export interface IncomingFile {
  name: string;
  size: number;
  bytes: Buffer | null;
  /** over the size limit, or beyond the number of files read */
  problem: "too_large" | "too_many" | null;
}

/**
 * The form's fields and its files. A file over the size limit, or beyond the number a case may
 * have, is read to its end and dropped (so the rest of the form still arrives and can be shown
 * again); no more than `maxFiles` files of `maxFileBytes` are ever held. A form sent without
 * files (url-encoded) is read as usual.
 */
export async function readUploadForm(request: Request): Promise<{ form: FormData; files: IncomingFile[] }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) return { form: await request.formData(), files: [] };
  const files: IncomingFile[] = [];
  let parts = 0;
  const fileHandler: UploadHandler = async ({ name, filename, data }) => {
    if (++parts > UPLOAD_LIMITS.maxParts) throw new Response("Too many parts", { status: 413 });
    if (typeof filename !== "string") return undefined;
    const held = name === ATTACHMENT_FIELD && files.filter((f) => f.bytes).length < UPLOAD_LIMITS.maxFiles;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (held && size <= UPLOAD_LIMITS.maxFileBytes) chunks.push(chunk);
    }
    // An empty file input sends a part without a name and without bytes: nothing was chosen.
    if (name !== ATTACHMENT_FIELD || (filename === "" && size === 0)) return null;
    const tooLarge = size > UPLOAD_LIMITS.maxFileBytes;
    files.push({
      name: filename,
      size,
      bytes: held && !tooLarge ? Buffer.concat(chunks) : null,
      problem: tooLarge ? "too_large" : held ? null : "too_many",
    });
    return null;
  };
  try {
    const form = await parseMultipartFormData(
      request,
      composeUploadHandlers(
        fileHandler,
        createMemoryUploadHandler({ maxPartSize: UPLOAD_LIMITS.maxFieldBytes }),
      ),
    );
    return { form, files };
  } catch (e) {
    if (e instanceof Response) throw e;
    if ((e as Error)?.name === "MaxPartSizeExceededError" || /exceeded upload size/.test(String(e)))
      throw new Response("Field too large", { status: 413 });
    if (e instanceof TypeError) throw new Response("Malformed form", { status: 400 });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Files received with a form that was refused (or that asked to confirm first) stay with it
// ---------------------------------------------------------------------------------------------

/** A file already received and stored, as the form shows it and sends it back. */
export interface KeptAttachment extends StoredAttachment {
  /** signed: who received it and what it is, so a form cannot claim another person's file */
  token: string;
}

const sign = (payload: string) =>
  createHmac("sha256", sessionSecret()).update(`attachment:${payload}`).digest("base64url");

export function keepToken(userId: number, f: StoredAttachment, now: Date): string {
  const payload = Buffer.from(
    JSON.stringify({ u: userId, h: f.sha256, s: f.size, t: f.contentType, n: f.fileName, i: now.getTime() }),
  ).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The file a token names, if it was signed here for this person, recently, and is still stored. */
async function fromToken(
  userId: number,
  token: string,
  now: Date,
  dir: string,
): Promise<KeptAttachment | null> {
  const [payload, mac] = token.split(".");
  if (!payload || !mac) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let p: { u: number; h: string; s: number; t: string; n: string; i: number };
  try {
    p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (p.u !== userId || now.getTime() - p.i > UPLOAD_LIMITS.keepHours * 3600_000 || !HEX64.test(p.h))
    return null;
  const f: StoredAttachment = { fileName: p.n, contentType: p.t, size: p.s, sha256: p.h };
  return (await isStored(f, dir)) ? { ...f, token } : null;
}

// ---------------------------------------------------------------------------------------------
// Checking what arrived
// ---------------------------------------------------------------------------------------------

export interface ReceivedAttachments {
  /** every file now attached to the form: kept from before, and accepted just now (stored) */
  files: KeptAttachment[];
  /** one problem per refused file (or one for too many files), in the order they came */
  problems: FieldProblem[];
}

/**
 * The form's attachments after checking: files kept from an earlier try (by their signed tokens)
 * and the new ones, each checked by its content and stored when accepted. Nothing is written to
 * the database here; the rows are written with the case.
 */
export async function receiveAttachments(
  userId: number,
  incoming: IncomingFile[],
  keptTokens: string[],
  opts: { now?: Date; dir?: string } = {},
): Promise<ReceivedAttachments> {
  const now = opts.now ?? new Date();
  const dir = opts.dir ?? uploadDir();
  const kept: KeptAttachment[] = [];
  for (const token of keptTokens.slice(0, UPLOAD_LIMITS.maxFiles)) {
    const f = await fromToken(userId, token, now, dir);
    if (f && !kept.some((k) => k.sha256 === f.sha256 && k.fileName === f.fileName)) kept.push(f);
  }
  // A file sent again that is already attached (a form that kept its selection) counts once.
  const fresh = incoming.filter((f) => !f.bytes || !kept.some((k) => k.sha256 === sha256Of(f.bytes!)));
  const count = kept.length + fresh.length;
  if (count > UPLOAD_LIMITS.maxFiles)
    return {
      files: kept,
      problems: [{ code: "attachment_too_many", params: { max: UPLOAD_LIMITS.maxFiles, count } }],
    };

  const problems: FieldProblem[] = [];
  const accepted: KeptAttachment[] = [];
  for (const f of fresh) {
    const name = [...cleanName(f.name)].slice(0, UPLOAD_LIMITS.maxNameLength).join("") || "file";
    if (f.problem === "too_large" || !f.bytes) {
      problems.push({
        code: "attachment_too_large",
        params: { name, max: `${UPLOAD_LIMITS.maxFileBytes / 1024 / 1024} MB` },
      });
      continue;
    }
    if (f.bytes.length === 0) {
      problems.push({ code: "attachment_empty", params: { name } });
      continue;
    }
    const type = detectFileType(f.bytes);
    if (!type) {
      problems.push({ code: "attachment_type", params: { name } });
      continue;
    }
    const stored = await storeFile(f.bytes, dir);
    const file: StoredAttachment = {
      fileName: displayName(f.name, type.extensions),
      contentType: type.contentType,
      size: stored.size,
      sha256: stored.sha256,
    };
    if (accepted.some((k) => k.sha256 === file.sha256)) continue;
    accepted.push({ ...file, token: keepToken(userId, file, now) });
  }
  return { files: [...kept, ...accepted], problems };
}
