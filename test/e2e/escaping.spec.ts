import type { APIRequestContext, Page } from "@playwright/test";
import { usccCheckChar } from "../../workflows/uscc";
import { DEMO_PASSWORD, expect, screenshot, test } from "./fixtures";

/*
 * Everything a person types is shown as text, never run as markup: script and markup go into every
 * text field a person can fill (through the API, for speed: the forms post to the same engine),
 * then the pages that show those texts are opened in Chromium, and the mails those events produced
 * are read from the outbox. Nothing runs (`window.__pwned` stays undefined), no element is made
 * from the text, and the text itself is shown literally.
 */

const P = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>`;
const LITERAL = "<script>window.__pwned=1</script>";
/** what would be in the markup if a text were inserted unescaped */
const RAW = [/<script>window\.__pwned/i, /<img src="?x"? onerror/i, /<b>bold<\/b>/i];

type Api = ReturnType<typeof apiOf>;

function apiOf(request: APIRequestContext, token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    get: async (path: string) => (await request.get(path, { headers })).json(),
    post: async (path: string, data: unknown, status = 200) => {
      const r = await request.post(path, { headers, data });
      const body = await r.json();
      expect(r.status(), `${path} ${JSON.stringify(data).slice(0, 80)}: ${JSON.stringify(body)}`).toBe(
        status,
      );
      return body;
    },
  };
}

async function tokenOf(request: APIRequestContext, username: string, password = DEMO_PASSWORD) {
  const r = await request.post("/api/v1/auth/token", { data: { username, password } });
  expect(r.status()).toBe(200);
  return apiOf(request, (await r.json()).token);
}

/** Opens a page; asserts nothing ran, no element came from a text, and the text shows literally. */
async function inert(page: Page, path: string, shows = true) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  const served = (await res?.text()) ?? "";
  for (const re of RAW) expect(served, `${path} as served`).not.toMatch(re);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), path).toBeUndefined();
  const dom = await page.content();
  for (const re of RAW) expect(dom, `${path} in the browser`).not.toMatch(re);
  if (shows) expect(await page.locator("body").innerText(), path).toContain(LITERAL);
}

test("script and markup typed into any text field are shown as text on every page and in every mail", async ({
  as,
  request,
}) => {
  test.setTimeout(180_000);
  const admin = await tokenOf(request, "admin");
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
  const plusDays = (n: number) =>
    new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(
      new Date(Date.now() + n * 86400_000),
    );

  // People whose names are markup: a delegate who co-signs, a handler of the lead unit.
  const users = (await admin.get("/api/v1/admin/users")).items as Array<{
    id: number;
    username: string;
    department_id: number | null;
  }>;
  const lead = users.find((u) => u.username === "fgj_handler")!.department_id!;
  const co = users.find((u) => u.username === "ghj_handler")!.department_id!;
  const cosigner = await admin.post(
    "/api/v1/admin/users",
    {
      username: "xss_delegate",
      password: DEMO_PASSWORD,
      displayName: `委员${P}`.slice(0, 50),
      role: "delegate",
    },
    201,
  );
  await admin.post(
    "/api/v1/admin/users",
    {
      username: "xss_handler",
      password: DEMO_PASSWORD,
      displayName: `承办${P}`.slice(0, 50),
      role: "handler",
      departmentId: lead,
    },
    201,
  );
  const enterprise = await admin.post(
    "/api/v1/admin/enterprises",
    {
      name: `${P}有限公司`,
      uscc: `91320413MA2XKR0E1${usccCheckChar("91320413MA2XKR0E1")}`,
      region: P.slice(0, 50),
      industry: P.slice(0, 50),
      contactName: P.slice(0, 50),
    },
    201,
  );

  const delegate = await tokenOf(request, "weiyuan_lin");
  const sup = await tokenOf(request, "tianwei");
  const handler = await tokenOf(request, "xss_handler");
  const head = await tokenOf(request, "fgj_head");
  const coHandler = await tokenOf(request, "ghj_handler");
  const ent = await tokenOf(request, "qiye_jinggong");
  const ev = (who: Api, id: number, e: Record<string, unknown>) => who.post(`/api/v1/cases/${id}/events`, e);

  // Independent stories, told at once: a proposal through its whole life, proposals refused and
  // sent back, an enterprise request answered, and one returned (退单) — every free text marked up.
  const [p, r, back] = await Promise.all([
    (async () => {
      const p = await delegate.post(
        "/api/v1/cases",
        { kind: "proposal", title: `提案${P}`, body: P, measures: P, cosignerIds: [cosigner.id] },
        201,
      );
      await ev(delegate, p.id, { type: "SUBMIT" });
      await ev(sup, p.id, { type: "ACCEPT" });
      await ev(sup, p.id, { type: "ASSIGN", leadDepartmentId: lead, coDepartmentIds: [co] });
      await ev(handler, p.id, { type: "SIGN" });
      await ev(coHandler, p.id, { type: "SIGN" });
      await ev(head, p.id, { type: "OBJECT", reason: P });
      await ev(sup, p.id, { type: "DISMISS_OBJECTION", reason: P, departmentId: lead });
      await ev(handler, p.id, { type: "RECORD_CONTACT", date: today, method: "phone", summary: P });
      await ev(coHandler, p.id, { type: "SUBMIT_OPINION", body: P });
      await ev(handler, p.id, { type: "REQUEST_EXTENSION", until: plusDays(120), reason: P });
      await ev(sup, p.id, { type: "DENY_EXTENSION", reason: P });
      await ev(sup, p.id, { type: "REMIND", message: P });
      await ev(sup, p.id, { type: "SUPERVISE", message: P, respondBy: plusDays(7) });
      const reply = {
        type: "SUBMIT_REPLY",
        classification: "B",
        body: P,
        contactName: P.slice(0, 50),
        contactPhone: "020-8000 1001",
        commitments: [{ text: P, dueDate: plusDays(60) }],
      };
      await ev(handler, p.id, reply);
      await ev(head, p.id, { type: "RETURN_REPLY", reason: P });
      await ev(handler, p.id, reply);
      await ev(head, p.id, { type: "APPROVE_REPLY", note: P });
      await ev(delegate, p.id, { type: "EVALUATE", attitude: "satisfied", result: "satisfied", comment: P });
      return p;
    })(),
    (async () => {
      const r = await ent.post(
        "/api/v1/cases",
        { kind: "enterprise_request", title: `诉求${P}`, body: P, category: "help" },
        201,
      );
      await ev(sup, r.id, { type: "ACCEPT", category: "help" });
      await ev(sup, r.id, { type: "ASSIGN", leadDepartmentId: lead, note: P });
      await ev(handler, r.id, { type: "SIGN" });
      await ev(handler, r.id, { type: "REQUEST_INFO", question: P });
      await ev(ent, r.id, { type: "PROVIDE_INFO", answer: P });
      await ev(handler, r.id, { type: "SUBMIT_REPLY", resolution: "resolved", body: P });
      await ev(head, r.id, { type: "APPROVE_REPLY" });
      await ev(ent, r.id, { type: "FEEDBACK", rating: "satisfied", comment: P });
      return r;
    })(),
    (async () => {
      const back = await ent.post(
        "/api/v1/cases",
        { kind: "enterprise_request", title: `退单${P}`, body: P, category: "consult" },
        201,
      );
      await ev(sup, back.id, { type: "ACCEPT", category: "consult" });
      await ev(sup, back.id, { type: "ASSIGN", leadDepartmentId: lead });
      await ev(head, back.id, { type: "RETURN", reasonCode: "other", note: P });
      return back;
    })(),
    (async () => {
      for (const type of ["REJECT", "RETURN_FOR_REVISION"]) {
        const x = await delegate.post(
          "/api/v1/cases",
          { kind: "proposal", title: `${type}${P}`, body: P },
          201,
        );
        await ev(delegate, x.id, { type: "SUBMIT" });
        await ev(sup, x.id, { type: "REJECT" === type ? "REJECT" : "RETURN_FOR_REVISION", reason: P });
      }
    })(),
  ]);

  // A bulletin worded with markup, published to the units.
  const drafter = await as("tianwei");
  const draft = await drafter.request.post("/supervision/bulletins", {
    form: {
      from: `${today.slice(0, 4)}-01-01`,
      to: today,
      kind: "",
      onTimeRate: "92",
      satisfactionRate: "85",
      title: "",
    },
    maxRedirects: 0,
  });
  expect(draft.status()).toBe(302);
  const bulletinPath = draft.headers().location;
  const bulletinId = Number(bulletinPath.split("/").pop());
  const steps: Array<Record<string, string>> = [
    { intent: "text", title: `通报${P}`, issuer: P.slice(0, 60), intro: P, closing: P },
    { intent: "publish" },
  ];
  for (const form of steps) {
    const res = await drafter.request.post(bulletinPath, { form, maxRedirects: 0 });
    expect(res.status(), JSON.stringify(form)).toBe(302);
  }

  // The pages, as the people who read them (each person in a browser of their own, side by side).
  const supervisor = await as("tianwei");
  const adminPage = await as("admin");
  await Promise.all([
    (async () => {
      await inert(supervisor, `/cases/${p.id}`);
      await screenshot(supervisor, "escaping-case.png");
      for (const path of [
        `/cases/${r.id}`,
        `/cases/${back.id}`,
        "/cases",
        "/supervision?tab=returned",
        `/supervision/bulletins/${bulletinId}`,
        "/supervision/bulletins",
        "/enterprises",
        `/enterprises/${enterprise.id}`,
      ])
        await inert(supervisor, path);
      await inert(supervisor, "/supervision", false);
      await inert(supervisor, "/supervision/stats", false);
    })(),
    (async () => {
      const author = await as("weiyuan_lin");
      for (const path of [`/cases/${p.id}`, `/cases/${p.id}/letter`, "/proposals"]) await inert(author, path);
      await inert(author, "/proposals/new", false);
      expect(await author.locator("body").innerText()).toContain("委员<script>");
    })(),
    (async () => {
      const unit = await as("xss_handler");
      for (const path of ["/inbox", `/cases/${p.id}`, `/bulletins/${bulletinId}`]) await inert(unit, path);
    })(),
    (async () => {
      const company = await as("qiye_jinggong");
      for (const path of ["/requests", `/cases/${r.id}`]) await inert(company, path);
    })(),
    (async () => {
      for (const path of ["/admin", `/enterprises/${enterprise.id}`]) await inert(adminPage, path);
    })(),
  ]);

  // The mails of those events, as the outbox holds them (captured: no SMTP server here).
  await expect
    .poll(
      async () =>
        (await (await adminPage.request.get("/admin/mail?tab=captured")).text()).match(/__pwned/g)?.length ??
        0,
      {
        timeout: 20_000,
      },
    )
    .toBeGreaterThan(5);
  await inert(adminPage, "/admin/mail?tab=captured", false);
  const list = await (await adminPage.request.get("/admin/mail?tab=captured")).text();
  // The rows of mails about these cases (their subjects carry the titles).
  const ids = new Set(
    list
      .slice(list.indexOf("<tbody"), list.indexOf("</tbody>"))
      .split("<tr")
      .filter((row) => row.includes("__pwned"))
      .flatMap((row) => [...row.matchAll(/view=(\d+)/g)].map((m) => Number(m[1]))),
  );
  const unHtml = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  let checked = 0;
  for (const id of ids) {
    const page = await (await adminPage.request.get(`/admin/mail?tab=captured&view=${id}`)).text();
    const src = /<iframe[^>]*srcDoc="([^"]*)"/i.exec(page) ?? /<iframe[^>]*srcdoc="([^"]*)"/i.exec(page);
    expect(src, `mail ${id} has an HTML body`).toBeTruthy();
    const html = unHtml(src![1]);
    checked++;
    for (const re of RAW) expect(html, `mail ${id}`).not.toMatch(re);
    expect(html, `mail ${id}`).not.toMatch(/<script/i);
    expect(html, `mail ${id}`).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    const text = unHtml(/<pre[^>]*class="mail-text"[^>]*>([\s\S]*?)<\/pre>/.exec(page)?.[1] ?? "");
    expect(text, `mail ${id}`).toContain(LITERAL);
  }
  expect(checked).toBeGreaterThan(5);
});
