import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  readStoredFile,
  readUploadForm,
  receiveAttachments,
  sha256Of,
  UPLOAD_LIMITS,
} from "../../app/models/uploads.server";
import { caseAttachments, visibleAttachment } from "../../db/attachments";
import type { Viewer } from "../../db/cases";
import { tinyDocx, tinyPdf, tinyPng } from "../../db/demo-files";
import { insertEnterprise } from "../../db/enterprises";
import { insertUser } from "../../db/users";
import { createCase } from "../../workflows/engine";
import { CaseError } from "../../workflows/errors";
import type { Actor } from "../../workflows/types";
import { usccCheckChar } from "../../workflows/uscc";
import {
  backendTitle,
  type FixedClock,
  fixedClock,
  freshDb,
  type Org,
  releaseTestDatabases,
  seedOrg,
  type TestDb,
  testDatabases,
} from "../helpers/db";

/*
 * Attachments (附件) from the form to the store and the database, on SQLite and PostgreSQL: a
 * real multipart body is read within the limits, each file is judged by its bytes and stored under
 * its hash, and the rows are written in the transaction that creates the case, or not at all.
 */

const code = (body17: string) => body17 + usccCheckChar(body17);
const viewerOf = (a: Actor): Viewer => ({
  userId: a.userId!,
  role: a.role as Viewer["role"],
  departmentId: a.departmentId,
  enterpriseId: a.enterpriseId,
});

/** A multipart request as a browser sends it, built by the platform's own FormData encoder. */
function multipart(fields: Record<string, string>, files: Array<{ name: string; bytes: Uint8Array }>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("attachments", new Blob([new Uint8Array(f.bytes)]), f.name);
  return new Request("http://localhost/requests/new", { method: "POST", body: form });
}

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(57)]);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "uploads-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
afterAll(releaseTestDatabases);

const storedFiles = () =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)))
    : [];

describe("reading a multipart form", () => {
  it("reads the fields and the files, and ignores an empty file input", async () => {
    const pdf = tinyPdf(["Equipment list"]);
    const req = multipart({ title: "关于用电增容的诉求", body: "正文" }, [
      { name: "设备清单.pdf", bytes: pdf },
      { name: "", bytes: new Uint8Array(0) },
    ]);
    const { form, files } = await readUploadForm(req);
    expect(form.get("title")).toBe("关于用电增容的诉求");
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ name: "设备清单.pdf", size: pdf.length, problem: null });
    expect(Buffer.compare(files[0].bytes!, pdf)).toBe(0);
  });

  it("drops a file over the size limit but keeps the rest of the form", async () => {
    const big = Buffer.alloc(UPLOAD_LIMITS.maxFileBytes + 1, 0x41);
    const { form, files } = await readUploadForm(
      multipart({ title: "标题还在" }, [{ name: "big.txt", bytes: big }]),
    );
    expect(form.get("title")).toBe("标题还在");
    expect(files[0]).toMatchObject({ name: "big.txt", size: big.length, bytes: null, problem: "too_large" });
  });

  it("holds no more files than a case may have", async () => {
    const many = Array.from({ length: UPLOAD_LIMITS.maxFiles + 2 }, (_, i) => ({
      name: `${i}.txt`,
      bytes: Buffer.from(`file ${i}`),
    }));
    const { files } = await readUploadForm(multipart({}, many));
    expect(files.filter((f) => f.bytes)).toHaveLength(UPLOAD_LIMITS.maxFiles);
    expect(files.filter((f) => f.problem === "too_many")).toHaveLength(2);
  });

  it("reads a url-encoded form (no files) as before", async () => {
    const req = new Request("http://localhost/x", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "title=abc",
    });
    const { form, files } = await readUploadForm(req);
    expect(form.get("title")).toBe("abc");
    expect(files).toEqual([]);
  });
});

describe("checking and storing what arrived", () => {
  it("stores an accepted file under its hash, once, and refuses the rest by name", async () => {
    const pdf = tinyPdf(["Equipment list"]);
    const got = await receiveAttachments(
      7,
      [
        { name: "设备清单.pdf", size: pdf.length, bytes: pdf, problem: null },
        { name: "setup.pdf", size: ELF.length, bytes: ELF, problem: null },
        { name: "空.txt", size: 0, bytes: Buffer.alloc(0), problem: null },
        { name: "huge.pdf", size: UPLOAD_LIMITS.maxFileBytes + 1, bytes: null, problem: "too_large" },
      ],
      [],
      { dir },
    );
    expect(got.files.map((f) => [f.fileName, f.contentType, f.sha256])).toEqual([
      ["设备清单.pdf", "application/pdf", sha256Of(pdf)],
    ]);
    expect(got.problems).toEqual([
      { code: "attachment_type", params: { name: "setup.pdf" } },
      { code: "attachment_empty", params: { name: "空.txt" } },
      { code: "attachment_too_large", params: { name: "huge.pdf", max: "10 MB" } },
    ]);
    expect(storedFiles()).toEqual([path.join(sha256Of(pdf).slice(0, 2), sha256Of(pdf))]);

    // The same bytes again (another name): one stored file still.
    const again = await receiveAttachments(
      7,
      [{ name: "copy.pdf", size: pdf.length, bytes: pdf, problem: null }],
      [],
      {
        dir,
      },
    );
    expect(again.problems).toEqual([]);
    expect(storedFiles()).toHaveLength(1);
    expect(await readStoredFile({ sha256: sha256Of(pdf), size: pdf.length }, dir)).toMatchObject({
      ok: true,
    });
  });

  it("keeps files received earlier only for the person they were received from", async () => {
    const png = tinyPng(8, 8, [10, 120, 200]);
    const first = await receiveAttachments(
      7,
      [{ name: "现场.png", size: png.length, bytes: png, problem: null }],
      [],
      {
        dir,
      },
    );
    const token = first.files[0].token;
    const mine = await receiveAttachments(7, [], [token], { dir });
    expect(mine.files.map((f) => f.fileName)).toEqual(["现场.png"]);
    // The same file chosen again beside its kept token is attached once.
    const twice = await receiveAttachments(
      7,
      [{ name: "现场.png", size: png.length, bytes: png, problem: null }],
      [token],
      {
        dir,
      },
    );
    expect(twice.files.map((f) => f.fileName)).toEqual(["现场.png"]);
    // Someone else sending the token, a forged token, or an expired one: nothing is attached.
    expect((await receiveAttachments(8, [], [token], { dir })).files).toEqual([]);
    expect((await receiveAttachments(7, [], [`${token.split(".")[0]}.forged`], { dir })).files).toEqual([]);
    const later = new Date(Date.now() + (UPLOAD_LIMITS.keepHours + 1) * 3600_000);
    expect((await receiveAttachments(7, [], [token], { dir, now: later })).files).toEqual([]);
  });

  it("refuses more files than a case may have, counting those kept from before", async () => {
    const kept = await receiveAttachments(
      7,
      [1, 2, 3].map((i) => ({ name: `${i}.txt`, size: 6, bytes: Buffer.from(`file ${i}`), problem: null })),
      [],
      { dir },
    );
    const more = [4, 5, 6].map((i) => ({
      name: `${i}.txt`,
      size: 6,
      bytes: Buffer.from(`file ${i}`),
      problem: null,
    }));
    const got = await receiveAttachments(
      7,
      more,
      kept.files.map((f) => f.token),
      { dir },
    );
    expect(got.problems).toEqual([{ code: "attachment_too_many", params: { max: 5, count: 6 } }]);
    expect(got.files).toHaveLength(3);
  });
});

describe.each(testDatabases())("attachments with the case on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let entA: Actor;
    let entB: Actor;
    let clock: FixedClock;

    beforeEach(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      const person = async (username: string, enterpriseId: number): Promise<Actor> => {
        const id = await insertUser(t.db, {
          username,
          passwordHash: "test-only-not-a-hash",
          displayName: username,
          role: "enterprise",
          enterpriseId,
          email: null,
          now: setup,
        });
        return { userId: id, role: "enterprise", departmentId: null, enterpriseId };
      };
      const a = await insertEnterprise(t.db, {
        name: "常州精工机械制造有限公司",
        uscc: code("91320411MA1XK2P3L"),
        now: setup,
      });
      const b = await insertEnterprise(t.db, {
        name: "常州华科新材料有限公司",
        uscc: code("91320412MA27Q8R5N"),
        now: setup,
      });
      entA = await person("qiye_jinggong", a);
      entB = await person("qiye_huake", b);
      clock = fixedClock("2026-09-24T02:00:00.000Z");
    });
    afterEach(async () => {
      await t?.close();
    });

    const input = {
      kind: "enterprise_request",
      title: "关于用电增容的诉求",
      body: "新生产线投产在即，用电需求增加，请协调供电部门办理增容。",
      category: "help",
    };

    async function received(files: Array<{ name: string; bytes: Buffer }>, who: Actor) {
      return receiveAttachments(
        who.userId!,
        files.map((f) => ({ name: f.name, size: f.bytes.length, bytes: f.bytes, problem: null })),
        [],
        { dir },
      );
    }
    const count = async (table: "cases" | "attachments") =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("writes one row per file with the case, and records the hashes in its history", async () => {
      const pdf = tinyPdf(["Load calculation"]);
      const docx = tinyDocx(["增容申请表"]);
      const got = await received(
        [
          { name: "负荷计算.pdf", bytes: pdf },
          { name: "增容申请表.docx", bytes: docx },
        ],
        entA,
      );
      expect(got.problems).toEqual([]);
      const c = await createCase(t.db, clock, { actor: entA, input, attachments: got.files });

      const rows = await caseAttachments(t.db, c.id);
      expect(rows.map((r) => [r.file_name, r.content_type, r.size, r.sha256, r.uploaded_by])).toEqual([
        ["负荷计算.pdf", "application/pdf", pdf.length, sha256Of(pdf), entA.userId],
        [
          "增容申请表.docx",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          docx.length,
          sha256Of(docx),
          entA.userId,
        ],
      ]);
      expect(rows[0].created_at).toBe(c.created_at);
      for (const r of rows) expect(await readStoredFile(r, dir)).toMatchObject({ ok: true });

      const created = await t.db
        .selectFrom("case_events")
        .select("payload")
        .where("case_id", "=", c.id)
        .where("type", "=", "CREATE")
        .executeTakeFirstOrThrow();
      expect(JSON.parse(created.payload).attachments).toEqual([
        { fileName: "负荷计算.pdf", size: pdf.length, sha256: sha256Of(pdf) },
        { fileName: "增容申请表.docx", size: docx.length, sha256: sha256Of(docx) },
      ]);
    });

    it("writes neither the case nor a row when the case is refused", async () => {
      const got = await received([{ name: "负荷计算.pdf", bytes: tinyPdf(["x"]) }], entA);
      const e = await createCase(t.db, clock, {
        actor: entA,
        input: { ...input, category: "not-a-category" },
        attachments: got.files,
      }).catch((x) => x);
      expect(e).toBeInstanceOf(CaseError);
      expect((e as CaseError).details.fields).toHaveProperty("category");
      expect(await count("cases")).toBe(0);
      expect(await count("attachments")).toBe(0);
    });

    it("a refused upload files nothing", async () => {
      const got = await received([{ name: "说明.pdf", bytes: ELF }], entA);
      expect(got.problems.map((p) => p.code)).toEqual(["attachment_type"]);
      expect(got.files).toEqual([]);
      expect(storedFiles()).toEqual([]);
      expect(await count("cases")).toBe(0);
      expect(await count("attachments")).toBe(0);
    });

    it("shows an attachment only to those who may see its case, and only under its own case", async () => {
      const got = await received([{ name: "现场照片.png", bytes: tinyPng(8, 8, [1, 2, 3]) }], entA);
      const c = await createCase(t.db, clock, { actor: entA, input, attachments: got.files });
      const other = await createCase(t.db, clock, { actor: entB, input });
      const [row] = await caseAttachments(t.db, c.id);

      expect(await visibleAttachment(t.db, viewerOf(entA), c.id, row.id)).toMatchObject({ id: row.id });
      expect(await visibleAttachment(t.db, viewerOf(org.actors.supervisor), c.id, row.id)).toMatchObject({
        id: row.id,
      });
      // Another enterprise, a unit it was never assigned to, a delegate: not found.
      expect(await visibleAttachment(t.db, viewerOf(entB), c.id, row.id)).toBeUndefined();
      expect(await visibleAttachment(t.db, viewerOf(org.actors.leadHandler), c.id, row.id)).toBeUndefined();
      expect(await visibleAttachment(t.db, viewerOf(org.actors.author), c.id, row.id)).toBeUndefined();
      // The enterprise B asking under its own case for A's attachment: not found either.
      expect(await visibleAttachment(t.db, viewerOf(entB), other.id, row.id)).toBeUndefined();
    });

    it("attaches files to a proposal through the same engine", async () => {
      const got = await received([{ name: "调研报告.pdf", bytes: tinyPdf(["Survey"]) }], org.actors.author);
      const c = await createCase(t.db, clock, {
        actor: org.actors.author,
        input: { kind: "proposal", title: "关于加快老旧小区改造的提案", body: "正文" },
        attachments: got.files,
      });
      expect((await caseAttachments(t.db, c.id)).map((r) => r.file_name)).toEqual(["调研报告.pdf"]);
      // A draft is its author's alone.
      const [row] = await caseAttachments(t.db, c.id);
      expect(await visibleAttachment(t.db, viewerOf(org.actors.supervisor), c.id, row.id)).toBeUndefined();
    });
  });
});
