import fc from "fast-check";
import { describe, it } from "vitest";
import { anyValue, mutated, oddNumber, oddText, queries, shipments } from "./arbitraries";
import { PW, type Who } from "./fixtures";
import { chainsStayIntact, dateLike, idLike, ids, near, probe, run, segment, startFuzzApp } from "./fuzz";

startFuzzApp("endpoints");

describe("endpoints that take input", () => {
  it("POST /api/v1/auth/token", async () => {
    const body = mutated({ username: "author", password: PW }, ["username", "password"], {
      username: fc.constantFrom("author", "AUTHOR", " author", "admin", "nobody"),
    });
    await run("POST /api/v1/auth/token", shipments(body), (s) =>
      probe("POST", "/api/v1/auth/token", null, s, { countedWrites: true }),
    );
  }, 600_000);

  it("POST /api/v1/cases (a delegate's proposal)", async () => {
    const body = mutated(
      {
        kind: "proposal",
        title: "关于完善社区养老服务的建议",
        body: "建议增加社区食堂。",
        measures: "措施",
        cosignerIds: [],
      },
      [],
      { kind: near("proposal", "enterprise_request"), cosignerIds: fc.array(idLike(), { maxLength: 60 }) },
    );
    await run("POST /api/v1/cases proposal", shipments(body), (s) =>
      probe("POST", "/api/v1/cases", "author", s),
    );
  }, 600_000);

  it("POST /api/v1/cases (an enterprise's request)", async () => {
    const body = mutated(
      {
        kind: "enterprise_request",
        title: "关于协调贷款续贷的诉求",
        body: "恳请协调续贷。",
        category: "help",
        theme: "产融对接",
        priority: "urgent",
      },
      ["enterpriseId", "channel"],
      {
        kind: near("proposal", "enterprise_request"),
        category: near("consult", "help", "suggestion", "complaint"),
        enterpriseId: idLike(),
      },
    );
    await run("POST /api/v1/cases enterprise", shipments(body), (s) =>
      probe("POST", "/api/v1/cases", "ent", s),
    );
  }, 600_000);

  it("POST /api/v1/cases (staff filing for an enterprise)", async () => {
    const body = mutated(
      {
        kind: "enterprise_request",
        title: "走访中企业反映的用工问题",
        body: "企业反映技术工人招聘难。",
        category: "help",
        enterpriseId: ids().enterprise,
        channel: "hotline",
      },
      [],
      { enterpriseId: idLike(), channel: near("online", "visit", "hotline", "letter", "forum") },
    );
    await run("POST /api/v1/cases staff", shipments(body), (s) => probe("POST", "/api/v1/cases", "sup", s));
  }, 600_000);

  const get = (path: string, who: Who | null) => (qs: string) =>
    probe("GET", path + qs, who, { lang: qs.length % 3 === 0 ? "en" : "zh-CN" });

  it("GET /api/v1/cases", async () => {
    const qs = queries({ kind: "proposal", state: "handling", q: "养老", page: "1", pageSize: "20" }, [
      "category",
      "departmentId",
      "overdue",
      "isKey",
    ]);
    await run("GET /api/v1/cases", qs, get("/api/v1/cases", "sup"));
  }, 600_000);

  it("GET /api/v1/supervision/overdue", async () => {
    const qs = queries(
      { asOf: "2026-06-01", kind: "proposal", page: "1", pageSize: "20" },
      ["departmentId", "category"],
      {
        asOf: dateLike,
      },
    );
    await run("GET /api/v1/supervision/overdue", qs, get("/api/v1/supervision/overdue", "sup"));
  }, 600_000);

  it("GET /api/v1/stats", async () => {
    const qs = queries({ from: "2026-01-01", to: "2026-03-31", kind: "proposal" }, ["format"], {
      from: dateLike,
      to: dateLike,
      format: fc.constantFrom("json", "csv", "xlsx", "pdf", "JSON", ""),
    });
    await run("GET /api/v1/stats", qs, get("/api/v1/stats", "sup"));
  }, 600_000);

  it("GET /api/v1/calendar/add", async () => {
    const qs = queries({ start: "2026-09-30", workingDays: "5" }, ["months"], { start: dateLike });
    await run("GET /api/v1/calendar/add", qs, get("/api/v1/calendar/add", null));
  }, 600_000);

  it("POST /api/v1/admin/departments", async () => {
    const body = mutated({ name: "区商务局", shortName: "商务局", email: "swj@example.gov.cn" });
    await run("POST /api/v1/admin/departments", shipments(body), (s) =>
      probe("POST", "/api/v1/admin/departments", "admin", s),
    );
  }, 600_000);

  it("POST /api/v1/admin/users", async () => {
    const body = mutated(
      {
        username: "fuzz_user",
        password: "Fuzz-pass-2026",
        displayName: "测试用户",
        role: "handler",
        departmentId: ids().lead,
        email: "fuzz@example.gov.cn",
      },
      ["enterpriseId"],
      {
        role: near("delegate", "enterprise", "handler", "dept_head", "supervisor", "admin"),
        departmentId: idLike(),
        enterpriseId: idLike(),
      },
    );
    await run("POST /api/v1/admin/users", shipments(body), (s) =>
      probe("POST", "/api/v1/admin/users", "admin", s),
    );
  }, 600_000);

  it("POST /api/v1/admin/enterprises", async () => {
    const body = mutated(
      {
        name: "常州新瑞电子科技有限公司",
        uscc: "91320411MA1Y000018",
        region: "新北区",
        industry: "电子元件",
        size: "small",
        contactName: "周建平",
        contactPhone: "0519-8888 1234",
      },
      ["usccOverride", "overrideReason"],
      {
        uscc: fc.oneof(
          oddText,
          fc.constantFrom("914403001922038216", "914403001922038217", "9144030019220382I6"),
        ),
        size: near("micro", "small", "medium", "large"),
        usccOverride: fc.oneof(fc.boolean(), anyValue),
      },
    );
    await run("POST /api/v1/admin/enterprises", shipments(body), (s) =>
      probe("POST", "/api/v1/admin/enterprises", "admin", s),
    );
  }, 600_000);

  // Last: these change the calendar that the fixtures above count working days with.
  it("PUT /api/v1/calendar/:date", async () => {
    const arb = fc.tuple(
      fc.oneof(dateLike, oddText),
      shipments(
        mutated({ kind: "holiday", name: "地方假日" }, [], { kind: near("holiday", "workday", "normal") }),
      ),
    );
    await run("PUT /api/v1/calendar/:date", arb, ([date, s]) =>
      probe("PUT", `/api/v1/calendar/${segment(date)}`, "admin", s),
    );
  }, 600_000);

  it("POST /api/v1/calendar/import", async () => {
    const day = mutated({ date: "2027-10-01", kind: "holiday", name: "国庆节" }, [], {
      date: dateLike,
      kind: near("holiday", "workday"),
    });
    const schedule = mutated({ year: 2027, source: "国务院办公厅通知", days: [] }, [], {
      year: fc.oneof(fc.integer({ min: 1900, max: 2200 }), oddNumber, oddText),
      days: fc.array(day, { maxLength: 30 }),
    });
    const arb = fc.tuple(
      fc.constantFrom("", "?dryRun=1", "?dryRun=true", "?source=%E9%80%9A%E7%9F%A5"),
      shipments(schedule),
    );
    await run("POST /api/v1/calendar/import", arb, ([qs, s]) =>
      probe("POST", `/api/v1/calendar/import${qs}`, "admin", s),
    );
  }, 600_000);
});

chainsStayIntact();
