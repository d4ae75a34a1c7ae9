import { describe, expect, it } from "vitest";
import { detectFileType } from "../../app/models/file-type.server";
import { displayName } from "../../app/models/uploads.server";
import { TINY_JPEG, tinyDocx, tinyPdf, tinyPng, tinyXlsx, zip } from "../../db/demo-files";

/*
 * The upload check judges a file by its bytes. Real small files of each accepted kind pass; an
 * executable renamed .pdf, a plain zip, a macro-enabled document and an empty file do not.
 */

const kind = (b: Uint8Array) => detectFileType(b)?.kind ?? null;

/** The first bytes of a Windows executable (MZ, DOS stub, then the PE header). */
function peHeader(): Buffer {
  const b = Buffer.alloc(256);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("This program cannot be run in DOS mode.", 0x4e, "latin1");
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}

/** The first bytes of a Linux executable (ELF, 64-bit, little-endian). */
function elfHeader(): Buffer {
  const b = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(b);
  return b;
}

describe("detectFileType", () => {
  it("recognises a real PDF, PNG, JPEG, Word and Excel file", () => {
    expect(kind(tinyPdf(["Equipment list", "2026"]))).toBe("pdf");
    expect(kind(tinyPng(16, 16, [200, 30, 30]))).toBe("png");
    expect(kind(TINY_JPEG)).toBe("jpeg");
    expect(kind(tinyDocx(["申请材料"]))).toBe("docx");
    expect(kind(tinyXlsx())).toBe("xlsx");
  });

  it("gives the content type a file is served with", () => {
    expect(detectFileType(tinyPdf(["x"]))?.contentType).toBe("application/pdf");
    expect(detectFileType(tinyDocx(["x"]))?.contentType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(detectFileType(Buffer.from("hello"))?.contentType).toBe("text/plain; charset=utf-8");
  });

  it("accepts UTF-8 plain text, Chinese included, and refuses text with control bytes", () => {
    expect(kind(Buffer.from("企业诉求补充说明\r\n第二行\tTab"))).toBe("text");
    expect(kind(Buffer.from("\ufeffwith a BOM\n"))).toBe("text");
    expect(kind(Buffer.from("binary\u0000inside"))).toBeNull();
    // GBK bytes are not valid UTF-8
    expect(kind(Buffer.from([0xc6, 0xf3, 0xd2, 0xb5]))).toBeNull();
  });

  it("refuses executables, whatever they are named", () => {
    expect(kind(peHeader())).toBeNull();
    expect(kind(elfHeader())).toBeNull();
  });

  it("refuses an empty file", () => {
    expect(detectFileType(new Uint8Array(0))).toBeNull();
  });

  it("refuses a zip that is not a Word or Excel document", () => {
    expect(kind(zip([{ name: "readme.txt", data: "hello" }]))).toBeNull();
    // the right part names without [Content_Types].xml declaring them
    expect(kind(zip([{ name: "word/document.xml", data: "<w:document/>" }]))).toBeNull();
    // a macro-enabled document (.docm) declares another main type
    expect(kind(tinyDocx(["x"], "application/vnd.ms-word.document.macroEnabled.main+xml"))).toBeNull();
    // a truncated zip
    const whole = tinyDocx(["x"]);
    expect(kind(whole.subarray(0, whole.length - 30))).toBeNull();
  });

  it("refuses a file that only starts like an accepted one in its name", () => {
    expect(kind(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e]), elfHeader()]))).toBeNull();
  });
});

describe("displayName", () => {
  const pdf = [".pdf"];
  it("keeps a Chinese name and its extension", () => {
    expect(displayName("设备清单（2026）.pdf", pdf)).toBe("设备清单（2026）.pdf");
  });
  it("drops paths, control and direction-changing characters", () => {
    expect(displayName("C:\\Users\\me\\报告.pdf", pdf)).toBe("报告.pdf");
    expect(displayName("../../etc/passwd.pdf", pdf)).toBe("passwd.pdf");
    expect(displayName("invoice\u202Efdp.exe", pdf)).toBe("invoicefdp.exe.pdf");
    expect(displayName("a\u0000b\r\n.pdf", pdf)).toBe("ab.pdf");
  });
  it("adds the extension of the detected type when the name has another", () => {
    expect(displayName("page.html", [".txt", ".csv", ".md"])).toBe("page.html.txt");
    expect(displayName("photo.JPG", [".jpg", ".jpeg"])).toBe("photo.JPG");
    expect(displayName("", pdf)).toBe("file.pdf");
    expect(displayName(".pdf", pdf)).toBe("pdf.pdf");
  });
  it("shortens a long name but keeps its extension", () => {
    const name = displayName(`${"长".repeat(300)}.docx`, [".docx"]);
    expect([...name].length).toBe(120);
    expect(name.endsWith(".docx")).toBe(true);
  });
});
