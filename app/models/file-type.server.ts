import { inflateRawSync } from "node:zlib";

/**
 * What a file is, judged by its bytes (magic numbers), never by its name or the type the browser
 * claimed. Only kinds an office can open safely are recognised; anything else is refused.
 */
export type FileKind = "pdf" | "png" | "jpeg" | "docx" | "xlsx" | "text";

export interface DetectedType {
  kind: FileKind;
  /** the Content-Type the file is served with */
  contentType: string;
  /** extensions a file of this kind may carry; the first is added to a name that has none of them */
  extensions: string[];
}

export const FILE_KINDS: Record<FileKind, DetectedType> = {
  pdf: { kind: "pdf", contentType: "application/pdf", extensions: [".pdf"] },
  png: { kind: "png", contentType: "image/png", extensions: [".png"] },
  jpeg: { kind: "jpeg", contentType: "image/jpeg", extensions: [".jpg", ".jpeg"] },
  docx: {
    kind: "docx",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: [".docx"],
  },
  xlsx: {
    kind: "xlsx",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: [".xlsx"],
  },
  text: { kind: "text", contentType: "text/plain; charset=utf-8", extensions: [".txt", ".csv", ".md"] },
};

/** The kind of a stored content type, for labels; undefined for a type this version does not know. */
export function kindOfContentType(contentType: string): FileKind | undefined {
  return (Object.values(FILE_KINDS) as DetectedType[]).find((k) => k.contentType === contentType)?.kind;
}

const startsWith = (b: Uint8Array, sig: number[]) =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** The detected type, or null when the bytes are none of the accepted kinds (or empty). */
export function detectFileType(bytes: Uint8Array): DetectedType | null {
  if (bytes.length === 0) return null;
  // %PDF- : the header may legally start within the first 1024 bytes, but writers put it first.
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return FILE_KINDS.pdf;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return FILE_KINDS.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return FILE_KINDS.jpeg;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const office = officeKind(bytes);
    return office ? FILE_KINDS[office] : null;
  }
  return isPlainText(bytes) ? FILE_KINDS.text : null;
}

/** UTF-8 (a BOM allowed) without NUL or other control characters than tab, line breaks and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

const MAIN_TYPES: Record<"docx" | "xlsx", { part: string; type: string }> = {
  docx: {
    part: "word/document.xml",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  },
  xlsx: {
    part: "xl/workbook.xml",
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  },
};

/**
 * A zip is accepted only as a Word or Excel document (OOXML): its central directory must list
 * `[Content_Types].xml` and the main part, and `[Content_Types].xml` must declare that part with
 * the document's main content type. A macro-enabled document (.docm/.xlsm) declares another type
 * and is refused, as is any other zip (or a zip claiming to be both).
 */
function officeKind(bytes: Uint8Array): "docx" | "xlsx" | null {
  const entries = zipEntries(bytes);
  if (!entries) return null;
  const types = entries.get("[Content_Types].xml");
  if (!types) return null;
  const xml = readEntry(bytes, types);
  if (xml === null) return null;
  const found = (["docx", "xlsx"] as const).filter((k) => {
    const m = MAIN_TYPES[k];
    if (!entries.has(m.part)) return false;
    // <Override PartName="/word/document.xml" ContentType="…main+xml"/> (attribute order may vary)
    const overrides = xml.match(/<Override\b[^>]*>/g) ?? [];
    return overrides.some((o) => o.includes(`"/${m.part}"`) && o.includes(`"${m.type}"`));
  });
  return found.length === 1 ? found[0] : null;
}

interface ZipEntry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory of a zip (not zip64), by entry name; null when it is not a readable zip. */
function zipEntries(b: Uint8Array): Map<string, ZipEntry> | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > eocd || count > 10_000) return null;
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  const names = new TextDecoder("utf-8");
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const name = names.decode(b.subarray(p + 46, p + 46 + nameLength));
    entries.set(name, {
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One small entry as text (stored or deflated, at most 1 MB unpacked), or null. */
function readEntry(b: Uint8Array, e: ZipEntry): string | null {
  const MAX = 1_000_000;
  if (e.size > MAX || e.localOffset + 30 > b.length) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (view.getUint32(e.localOffset, true) !== 0x04034b50) return null;
  const start =
    e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
  const data = b.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) return null;
  try {
    if (e.method === 0) return new TextDecoder("utf-8").decode(data);
    if (e.method === 8) return inflateRawSync(data, { maxOutputLength: MAX }).toString("utf8");
  } catch {
    return null;
  }
  return null;
}
