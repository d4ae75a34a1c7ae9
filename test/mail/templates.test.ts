import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { hasKey, type Lang, t } from "../../app/i18n";
import { mailConfig } from "../../emails/config";
import { linkKey, signLink, verifyLink } from "../../emails/links";
import { renderBody } from "../../emails/render";
import { catalog, ESSENTIAL_TEMPLATES, type MailContext } from "../../emails/templates/catalog";
import { classifyFailure, isDeliverableAddress, smtpTransport } from "../../emails/transport";
import { backoffDelay, DEFAULT_WORKER_OPTIONS } from "../../emails/worker";

/** Every `notify("template", …)` the workflow machines can emit. */
function emittedTemplates(): string[] {
  const names = new Set<string>();
  for (const dir of fs.readdirSync("workflows", { withFileTypes: true })) {
    const file = `workflows/${dir.name}/machine.ts`;
    if (!dir.isDirectory() || !fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, "utf8").matchAll(/notify\(\s*"([a-z_]+)"/g)) names.add(m[1]);
    // `notify(cond ? "a" : "b", …)`
    for (const m of fs
      .readFileSync(file, "utf8")
      .matchAll(/notify\([^)]*\?\s*"([a-z_]+)"\s*:\s*"([a-z_]+)"/g)) {
      names.add(m[1]);
      names.add(m[2]);
    }
  }
  return [...names].sort();
}

const eventPayload = {
  reason: "材料不全",
  message: "请加快办理进度",
  respondBy: "2026-11-30",
  until: "2027-01-15",
  classification: "B",
  resolution: "resolved",
  comment: "希望进一步落实",
  attitude: "satisfied",
  result: "basically_satisfied",
  rating: "satisfied",
  question: "请提供用地面积",
  answer: "约 20 亩",
  note: "已电话回访",
  reasonCode: "not_our_remit",
  date: "2026-11-20",
  departmentId: 3,
  intoCaseId: 9,
};

function context(
  lang: Lang,
  template: string,
  kind: "proposal" | "enterprise_request",
  rating = false,
): MailContext {
  return {
    lang,
    t: (key, params) => t(lang, key, params),
    has: (key) => hasKey(lang, key),
    template,
    payload: {
      deadlineType: "reply",
      dueDate: "2026-12-28",
      bulletinTitle: "2026 年第三季度督办通报",
      path: "/bulletins/3",
    },
    case: {
      id: 7,
      kind,
      title: "关于优化公交线路的提案",
      numberLabel: t(lang, "mail.numberLabel", { n: 12, session: "十六届五次会议" }),
      state: "handling",
      round: 2,
      authorId: 1,
      authorName: "代表 王建国",
      leadName: "区发展和改革局",
      classification: "B",
    },
    event: { type: "REASSIGN", payload: eventPayload, actorName: "张三", actorUnit: "区科工商信局" },
    assignments: [
      { departmentId: 2, role: "lead", active: true, name: "区发展和改革局" },
      { departmentId: 3, role: "co", active: true, name: "区规划和自然资源分局" },
    ],
    deadlines: [
      { type: "sign", departmentId: 2, dueDate: "2026-09-30", round: 1 },
      { type: "reply", departmentId: 2, dueDate: "2026-12-28", round: 1 },
      { type: "evaluation", departmentId: null, dueDate: "2026-11-02", round: 1 },
    ],
    unitId: 2,
    isAuthor: rating,
    mergedIntoTitle: "关于公交优化的提案",
    suggestedUnit: "区交通运输局",
    reply: { classification: "B", resolution: null },
    rating: rating ? { url: "http://banli.test/r/TOKEN", expires: "2026-11-11" } : null,
  };
}

function render(lang: Lang, template: string, kind: "proposal" | "enterprise_request", rating = false) {
  const ctx = context(lang, template, kind, rating);
  const c = catalog[template].build(ctx);
  return renderBody({
    lang,
    appName: t(lang, "app.name"),
    subject: c.subject,
    preheader: c.paragraphs[0],
    greeting: t(lang, "mail.greeting", { name: "张三" }),
    heading: c.heading,
    paragraphs: c.paragraphs,
    quote: c.quote ?? null,
    facts: c.facts ?? [],
    primary: {
      label: c.action,
      url: c.url ? new URL(c.url, "http://banli.test").href : "http://banli.test/cases/7",
    },
    note: c.note ?? null,
    secondary: null,
    linkFallback: t(lang, "mail.linkFallback"),
    footer: [t(lang, "mail.footer.essential")],
  });
}

describe("mail templates", () => {
  it("has a template for every notification the workflows emit", () => {
    const emitted = emittedTemplates();
    expect(emitted.length).toBeGreaterThanOrEqual(25);
    expect(emitted.filter((n) => !catalog[n])).toEqual([]);
  });

  it("renders every template in Chinese and English, as HTML and text, with every word found", () => {
    for (const name of Object.keys(catalog))
      for (const lang of ["zh-CN", "en"] as const)
        for (const kind of ["proposal", "enterprise_request"] as const) {
          const m = render(lang, name, kind, name === "reply_released");
          const where = `${name} ${lang} ${kind}`;
          for (const part of [m.subject, m.text, m.html]) {
            expect(part, where).not.toMatch(/\{\w+\}/); // a placeholder left unfilled
            expect(part, where).not.toMatch(/\b(mail|result|classification|resolution|deadline)\.[a-z_]+/); // a key shown raw
          }
          expect(m.html, where).toContain(`<html lang="${lang}">`);
          expect(m.text, where).toMatch(/http:\/\/banli\.test\//);
          expect(m.subject.length, where).toBeGreaterThan(4);
          if (lang === "en") expect(m.subject, where).not.toMatch(/[：，。]/);
        }
  });

  it("says 'proposal' or 'request' as the case is", () => {
    expect(render("zh-CN", "reply_released", "proposal", true).subject).toBe(
      "您的提案已答复，请进行满意度测评：关于优化公交线路的提案",
    );
    expect(render("zh-CN", "reply_released", "enterprise_request", true).subject).toBe(
      "您的诉求已答复，请反馈评价：关于优化公交线路的提案",
    );
    expect(render("en", "rehandling_required", "enterprise_request").text).toContain(
      "The enterprise is not satisfied",
    );
  });

  it("puts the one-click link first in the reply mail and says what it may do", () => {
    const m = render("zh-CN", "reply_released", "proposal", true);
    expect(m.html).toContain('href="http://banli.test/r/TOKEN"');
    expect(m.text).toContain("阅读答复并测评：\nhttp://banli.test/r/TOKEN");
    expect(m.text).toContain("无需登录，2026-11-11 前有效，提交一次后即失效");
    expect(m.text).toContain("测评期限：2026-11-02");
  });

  it("escapes what people typed into the HTML part", () => {
    const ctx = context("zh-CN", "proposal_rejected", "proposal");
    ctx.event!.payload = { reason: '<script>alert("x")</script>' };
    const c = catalog.proposal_rejected.build(ctx);
    const m = renderBody({
      lang: "zh-CN",
      appName: "办理系统",
      subject: c.subject,
      preheader: "",
      greeting: "",
      heading: c.heading,
      paragraphs: c.paragraphs,
      quote: c.quote ?? null,
      facts: [],
      primary: { label: c.action, url: "http://banli.test/cases/7" },
      note: null,
      secondary: null,
      linkFallback: "",
      footer: [],
    });
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;");
    expect(m.text).toContain('> <script>alert("x")</script>');
  });

  it("marks the unit's duties, supervision and deadlines as essential", () => {
    for (const name of ["case_assigned", "supervision_notice", "reminder", "reply_awaiting_approval"])
      expect(ESSENTIAL_TEMPLATES).toContain(name);
    for (const name of ["proposal_accepted", "opinion_received", "evaluation_received"])
      expect(ESSENTIAL_TEMPLATES).not.toContain(name);
  });
});

describe("signed rating links", () => {
  const key = linkKey("a-session-secret-of-some-length");
  const now = new Date("2026-10-12T02:00:00Z");
  const claims = { caseId: 7, round: 1, userId: 3, expiresAt: new Date("2026-11-11T02:00:00Z") };

  it("verifies a genuine link and reads its scope", () => {
    const token = signLink(key, claims);
    expect(token).toMatch(/^7\.1\.3\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const v = verifyLink(key, token, now);
    expect(v).toMatchObject({ ok: true, claims: { caseId: 7, round: 1, userId: 3, purpose: "evaluate" } });
  });

  it("refuses a link altered anywhere, signed with another key, cut short or expired", () => {
    const token = signLink(key, claims);
    const [c, r, u, e, sig] = token.split(".");
    expect(verifyLink(key, [8, r, u, e, sig].join("."), now)).toMatchObject({
      ok: false,
      reason: "tampered",
    });
    expect(verifyLink(key, [c, 2, u, e, sig].join("."), now)).toMatchObject({
      ok: false,
      reason: "tampered",
    });
    expect(verifyLink(key, [c, r, 4, e, sig].join("."), now)).toMatchObject({
      ok: false,
      reason: "tampered",
    });
    // A later expiry is an alteration too.
    const later = (Number.parseInt(e, 36) + 86400 * 365).toString(36);
    expect(verifyLink(key, [c, r, u, later, sig].join("."), now)).toMatchObject({
      ok: false,
      reason: "tampered",
    });
    const flipped = sig.slice(0, -1) + (sig.endsWith("A") ? "B" : "A");
    expect(verifyLink(key, [c, r, u, e, flipped].join("."), now)).toMatchObject({
      ok: false,
      reason: "tampered",
    });
    expect(verifyLink(linkKey("another-secret-entirely"), token, now)).toMatchObject({ reason: "tampered" });
    expect(verifyLink(key, token.slice(0, -5), now)).toMatchObject({ ok: false, reason: "malformed" });
    expect(verifyLink(key, "", now)).toMatchObject({ ok: false, reason: "malformed" });
    expect(verifyLink(key, token, new Date("2026-11-11T02:00:00Z"))).toMatchObject({
      ok: false,
      reason: "expired",
    });
  });

  it("derives its key from the session secret instead of using it", () => {
    expect(linkKey("s".repeat(20)).equals(Buffer.from("s".repeat(20)))).toBe(false);
    expect(linkKey("s".repeat(20)).equals(linkKey("s".repeat(20)))).toBe(true);
  });
});

describe("delivery rules", () => {
  it("tells temporary failures from permanent ones", () => {
    const cases: Array<[unknown, string]> = [
      [{ code: "ECONNECTION", message: "connect ECONNREFUSED 127.0.0.1:2525" }, "temporary"],
      [{ code: "ETIMEDOUT", message: "Greeting never received" }, "temporary"],
      [{ code: "ESOCKET", message: "read ECONNRESET" }, "temporary"],
      [{ code: "EENVELOPE", responseCode: 451, response: "451 4.7.1 Greylisted" }, "temporary"],
      [{ code: "EMESSAGE", responseCode: 421, response: "421 Service not available" }, "temporary"],
      [{ code: "EAUTH", responseCode: 535, response: "535 Authentication failed" }, "temporary"],
      [{ code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 No such user" }, "permanent"],
      [{ code: "EMESSAGE", responseCode: 552, response: "552 Message too large" }, "permanent"],
      [{ code: "EENVELOPE", message: "No recipients defined" }, "permanent"],
      [new Error("something odd"), "temporary"],
    ];
    for (const [err, kind] of cases) expect(classifyFailure(err).kind, JSON.stringify(err)).toBe(kind);
    expect(
      classifyFailure({ code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 No such user" }).message,
    ).toBe("EENVELOPE 550 550 5.1.1 No such user");
  });

  it("waits twice as long after each failure, with jitter, up to an hour", () => {
    const o = { ...DEFAULT_WORKER_OPTIONS };
    const lo = (a: number) => backoffDelay(a, { ...o, random: () => 0 });
    const hi = (a: number) => backoffDelay(a, { ...o, random: () => 1 });
    expect([lo(1), hi(1)]).toEqual([15_000, 30_000]);
    expect([lo(2), hi(2)]).toEqual([30_000, 60_000]);
    expect([lo(5), hi(5)]).toEqual([240_000, 480_000]);
    expect([lo(20), hi(20)]).toEqual([1_800_000, 3_600_000]);
  });

  it("accepts only plain, deliverable addresses", () => {
    for (const ok of ["fgj@units.example.test", "li.xiuying@demo.gov.cn"])
      expect(isDeliverableAddress(ok)).toBe(true);
    for (const bad of ["", "not an address", "a@b", "王 <a@b.cn>", "a@b.cn, c@d.cn", "a@@b.cn"])
      expect(isDeliverableAddress(bad), bad).toBe(false);
  });

  it("verifies TLS in production and refuses a URL that turns it off", () => {
    expect(() =>
      smtpTransport("smtp://mail.example.org:587?tls.rejectUnauthorized=false", { production: true }),
    ).toThrow(/not allowed in production/);
    const dev = smtpTransport("smtp://user:secret@mail.example.org:587", { production: false });
    expect(dev.description).toBe("smtp://mail.example.org:587");
    dev.close();
    expect(() => smtpTransport("http://mail.example.org", { production: true })).toThrow(
      /smtp:\/\/ or smtps:\/\//,
    );
  });

  it("defaults the sender to the public address's host", () => {
    const c = mailConfig({ sessionSecret: "x".repeat(20) });
    expect(c.publicUrl).toBe("http://localhost:3000");
    expect(c.from).toBe('"提案建议与企业诉求办理系统" <no-reply@localhost>');
    const d = mailConfig({
      PUBLIC_URL: "https://banli.gov.cn/",
      MAIL_FROM: "通知 <tz@mail.banli.gov.cn>",
      sessionSecret: "x".repeat(20),
    });
    expect(d.publicUrl).toBe("https://banli.gov.cn");
    expect(d.messageIdDomain).toBe("mail.banli.gov.cn");
  });
});
