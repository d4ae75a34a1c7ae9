import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyPdf, tinyPng } from "../../db/demo-files";
import { usccCheckChar } from "../../workflows/uscc";
import { client, login, startServer, type TestServer } from "./server";

/**
 * Attachments over HTTP against the real server: filing a request with files through the form
 * (multipart, as a browser without JavaScript sends it), the refusals, the download's headers,
 * who may download, and a stored file that no longer matches its hash.
 */
let server: TestServer;
const PW = "Test-pass-2026";
const tokens: Record<string, string> = {};
const cookies: Record<string, string> = {};
const code = (body17: string) => body17 + usccCheckChar(body17);
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(120)]);
const PDF = tinyPdf(["Equipment list", "5-axis machining centres: 6"]);
const PDF_NAME = "设备清单 (2026).pdf";

async function session(username: string): Promise<string> {
  const r = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password: PW, redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = r.headers.get("set-cookie");
  expect(cookie, `login ${username}: ${r.status}`).toBeTruthy();
  return cookie!.split(";")[0];
}

/** The request form sent as multipart/form-data, files under `attachments`. */
async function fileForm(
  who: string,
  fields: Record<string, string | string[]>,
  files: Array<{ name: string; bytes: Uint8Array }> = [],
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
  for (const f of files) form.append("attachments", new Blob([new Uint8Array(f.bytes)]), f.name);
  const r = await fetch(`${server.url}/requests/new`, {
    method: "POST",
    headers: { Cookie: cookies[who] },
    body: form,
    redirect: "manual",
  });
  const answer = { status: r.status, location: r.headers.get("location"), html: await r.text() };
  // Requests that look like this one are shown first; sending again (what was shown counts as
  // seen, the files received come back as ticked boxes) files it, as in the browser.
  const seen = /name="seenSimilar" value="([^"]*)"/.exec(answer.html)?.[1];
  if (answer.status === 200 && fields.intent === "submit" && seen && !fields.seenSimilar) {
    const kept = [...answer.html.matchAll(/<input[^>]*name="keptAttachment"[^>]*value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    return fileForm(who, { ...fields, seenSimilar: seen, keptAttachment: kept });
  }
  return answer;
}

const fields = (title: string, intent = "submit") => ({
  intent,
  title,
  body: "新生产线投产在即，用电需求增加，请协调供电部门办理增容。",
  category: "help",
  theme: "",
  priority: "normal",
});

const storedFiles = () =>
  fs.existsSync(server.uploadDir)
    ? fs.readdirSync(server.uploadDir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)))
    : [];
const download = (p: string, headers: Record<string, string>) =>
  fetch(server.url + p, { headers, redirect: "manual" });

let caseId: number;
let attachmentUrl: string;

beforeAll(async () => {
  server = await startServer();
  tokens.admin = await login(server.url, "admin", "Admin-pass-2026");
  const admin = client(server.url, tokens.admin);
  await client(server.url).post("/api/v1/test/clock", { now: "2026-11-02T02:00:00Z" });
  const ents: Record<string, number> = {};
  for (const [key, name, body17] of [
    ["a", "常州精工机械制造有限公司", "91320411MA1XK2P3L"],
    ["b", "常州华科新材料有限公司", "91320412MA27Q8R5N"],
  ]) {
    const r = await admin.post("/api/v1/admin/enterprises", { name, uscc: code(body17) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ents[key] = r.body.id;
  }
  for (const [username, role, enterpriseId] of [
    ["qiye_a", "enterprise", ents.a],
    ["qiye_b", "enterprise", ents.b],
    ["yingshang", "supervisor", null],
  ] as const) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      enterpriseId,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    tokens[username] = await login(server.url, username, PW);
    cookies[username] = await session(username);
  }
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("filing a request with attachments through the form", () => {
  it("files the request with its file, stored under its hash", async () => {
    const r = await fileForm("qiye_a", fields("关于用电增容的诉求"), [
      { name: PDF_NAME, bytes: PDF },
      { name: "", bytes: new Uint8Array(0) },
    ]);
    expect(r.status, r.html.slice(0, 500)).toBe(302);
    expect(r.location).toMatch(/^\/cases\/\d+\?created=1$/);
    caseId = Number(/\/cases\/(\d+)/.exec(r.location!)![1]);
    expect(storedFiles()).toEqual([path.join(sha256(PDF).slice(0, 2), sha256(PDF))]);

    const list = await client(server.url, tokens.qiye_a).get(`/api/v1/cases/${caseId}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        fileName: PDF_NAME,
        contentType: "application/pdf",
        kind: "pdf",
        size: PDF.length,
        sha256: sha256(PDF),
        uploadedBy: expect.objectContaining({ displayName: "qiye_a" }),
      }),
    ]);
    attachmentUrl = list.body.items[0].url;
    expect(attachmentUrl).toBe(`/cases/${caseId}/attachments/${list.body.items[0].id}`);
    // The case itself carries the same list, and its history the file's hash.
    const c = await client(server.url, tokens.qiye_a).get(`/api/v1/cases/${caseId}`);
    expect(c.body.attachments).toEqual(list.body.items);
    expect(c.body.history[0].payload.attachments).toEqual([
      { fileName: PDF_NAME, size: PDF.length, sha256: sha256(PDF) },
    ]);
    // The case page lists it with a download link.
    const page = await download(`/cases/${caseId}`, { Cookie: cookies.qiye_a });
    const html = await page.text();
    expect(html).toContain(`href="${attachmentUrl}"`);
    expect(html).toContain(PDF_NAME);
  });

  it("refuses an executable named .pdf, keeps what was typed, and files nothing", async () => {
    const before = await client(server.url, tokens.qiye_a).get("/api/v1/cases");
    const r = await fileForm("qiye_a", fields("关于厂区道路维修的诉求"), [{ name: "说明.pdf", bytes: ELF }]);
    expect(r.status).toBe(422);
    expect(r.html).toContain("“说明.pdf”不是可接受的文件");
    expect(r.html).toContain('value="关于厂区道路维修的诉求"');
    expect(r.html).toContain("新生产线投产在即，用电需求增加");
    const after = await client(server.url, tokens.qiye_a).get("/api/v1/cases");
    expect(after.body.total).toBe(before.body.total);
    expect(storedFiles()).toHaveLength(1);
  });

  it("refuses more than five files", async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({
      name: `${i}.png`,
      bytes: tinyPng(4, 4, [i * 40, 0, 0]),
    }));
    const r = await fileForm("qiye_a", fields("关于招工难的诉求"), six);
    expect(r.status).toBe(422);
    expect(r.html).toContain("最多可附 5 个文件（现为 6 个）");
  });

  it("keeps a file received before the form asked to confirm, for the same person only", async () => {
    const png = tinyPng(6, 6, [20, 160, 90]);
    const checked = await fileForm("qiye_a", fields("关于厂房屋顶光伏并网的咨询", "check"), [
      { name: "屋顶照片.png", bytes: png },
    ]);
    expect(checked.status).toBe(200);
    const token = /<input[^>]*name="keptAttachment"[^>]*value="([^"]+)"/.exec(checked.html)?.[1];
    expect(token, "the received file comes back as a ticked box").toBeTruthy();
    expect(checked.html).toContain("屋顶照片.png");

    // Another enterprise's user sending the same token gets no file.
    const stolen = await fileForm("qiye_b", { ...fields("关于光伏并网的咨询"), keptAttachment: token! });
    expect(stolen.status).toBe(302);
    const stolenId = Number(/\/cases\/(\d+)/.exec(stolen.location!)![1]);
    expect(
      (await client(server.url, tokens.qiye_b).get(`/api/v1/cases/${stolenId}/attachments`)).body.items,
    ).toEqual([]);

    const filed = await fileForm("qiye_a", {
      ...fields("关于厂房屋顶光伏并网的咨询"),
      keptAttachment: token!,
    });
    expect(filed.status).toBe(302);
    const id = Number(/\/cases\/(\d+)/.exec(filed.location!)![1]);
    const items = (await client(server.url, tokens.qiye_a).get(`/api/v1/cases/${id}/attachments`)).body.items;
    expect(items.map((f: { fileName: string; sha256: string }) => [f.fileName, f.sha256])).toEqual([
      ["屋顶照片.png", sha256(png)],
    ]);
  });
});

describe("downloading an attachment", () => {
  it("serves the file as a download with its detected type and an RFC 5987 name", async () => {
    const r = await download(attachmentUrl, { Cookie: cookies.qiye_a });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-disposition")).toBe(
      `attachment; filename="____ (2026).pdf"; filename*=UTF-8''${encodeURIComponent("设备清单")}%20%282026%29.pdf`,
    );
    expect(r.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.compare(Buffer.from(await r.arrayBuffer()), PDF)).toBe(0);
  });

  it("serves it to staff who may see the case and to a bearer token", async () => {
    expect((await download(attachmentUrl, { Cookie: cookies.yingshang })).status).toBe(200);
    expect((await download(attachmentUrl, { Authorization: `Bearer ${tokens.qiye_a}` })).status).toBe(200);
  });

  it("answers 404 to another enterprise, under any case id, and sends strangers to log in", async () => {
    const other = await download(attachmentUrl, { Cookie: cookies.qiye_b });
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain("%PDF");
    const attachmentId = attachmentUrl.split("/").pop();
    const qbCase = (await client(server.url, tokens.qiye_b).get("/api/v1/cases")).body.items[0].id;
    expect(
      (await download(`/cases/${qbCase}/attachments/${attachmentId}`, { Cookie: cookies.qiye_b })).status,
    ).toBe(404);
    expect((await download(`/cases/${caseId}/attachments/999999`, { Cookie: cookies.qiye_a })).status).toBe(
      404,
    );
    expect((await download(`/cases/${caseId}/attachments/x1`, { Cookie: cookies.qiye_a })).status).toBe(404);
    expect((await client(server.url, tokens.qiye_b).get(`/api/v1/cases/${caseId}/attachments`)).status).toBe(
      404,
    );
    const anon = await download(attachmentUrl, {});
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login?redirectTo=");
    expect((await download(attachmentUrl, { Authorization: "Bearer nonsense" })).status).toBe(401);
  });

  it("refuses to serve a stored file that was altered or is missing", async () => {
    const file = path.join(server.uploadDir, sha256(PDF).slice(0, 2), sha256(PDF));
    const altered = Buffer.from(PDF);
    altered[altered.length - 10] ^= 0x01;
    fs.writeFileSync(file, altered);
    const r = await download(attachmentUrl, { Cookie: cookies.qiye_a });
    expect(r.status).toBe(500);
    expect(r.headers.get("content-disposition")).toBeNull();
    expect(await r.text()).toContain("缺失或已被改动");
    fs.rmSync(file);
    expect((await download(attachmentUrl, { Cookie: cookies.qiye_a })).status).toBe(500);
    fs.writeFileSync(file, PDF);
    expect((await download(attachmentUrl, { Cookie: cookies.qiye_a })).status).toBe(200);
  });
});

describe("the case list by category over the API", () => {
  it("filters by category and refuses an unknown one", async () => {
    const help = await client(server.url, tokens.yingshang).get("/api/v1/cases?category=help");
    expect(help.status).toBe(200);
    expect(help.body.total).toBeGreaterThan(0);
    expect(help.body.items.every((c: { category: string }) => c.category === "help")).toBe(true);
    expect(
      (await client(server.url, tokens.yingshang).get("/api/v1/cases?category=consult")).body.total,
    ).toBe(0);
    const bad = await client(server.url, tokens.yingshang).get("/api/v1/cases?category=gossip");
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toHaveProperty("category");
  });
});
