import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  COVERAGE_HORIZON_DAYS,
  calendarYear,
  loadCalendar,
  replaceCalendarYear,
  uncoveredYearsAhead,
  yearOverrides,
} from "../../db/calendar";
import type { DueExplanation } from "../../workflows/calendar";
import { parseScheduleFile, type Schedule } from "../../workflows/calendar-import";
import { createCase, dispatch } from "../../workflows/engine";
import { CaseError } from "../../workflows/errors";
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
 * Importing a year's schedule on SQLite and PostgreSQL: the year's overrides are replaced in one
 * transaction, the year is covered, deadlines count the imported holidays, the audit row is written,
 * and a write that fails or was overtaken leaves the year as it was.
 *
 * The sample (docs/calendar/2027-sample.json, invented dates): 春节 2027-02-05 … 02-13 off, Saturday
 * 02-20 worked.
 */

const SAMPLE = fs.readFileSync(path.resolve("docs/calendar/2027-sample.json"), "utf8");

function schedule(text: string): Schedule {
  const r = parseScheduleFile(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.schedule;
}

const NOW = "2026-11-23T02:00:00.000Z";

describe.each(testDatabases())("calendar import on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let clock: FixedClock;

    beforeEach(async () => {
      t = await freshDb(backend, NOW);
      org = await seedOrg(t.db, NOW);
      clock = fixedClock(NOW);
    });
    afterEach(async () => {
      await t?.close();
    });
    afterAll(releaseTestDatabases);

    const importSample = (over: Partial<Parameters<typeof replaceCalendarYear>[1]> = {}) =>
      replaceCalendarYear(t.db, {
        schedule: schedule(SAMPLE),
        source: "2027 sample",
        actorId: org.users.admin,
        now: NOW,
        ...over,
      });

    it("2027 is missing within the horizon before, covered after; a deadline across 春节 skips the imported days", async () => {
      expect(COVERAGE_HORIZON_DAYS).toBe(180);
      expect(await uncoveredYearsAhead(t.db, "2026-11-23")).toEqual([2027]);
      // In June the horizon still ends in 2026.
      expect(await uncoveredYearsAhead(t.db, "2026-06-01")).toEqual([]);

      const before = (await loadCalendar(t.db)).addWorkingDays("2027-02-04", 2);
      expect(before.due).toBe("2027-02-08");
      expect(before.explanation.beyondCoverage).toBe(true);

      const r = await importSample();
      expect(r).toMatchObject({ holidays: 29, workdays: 4 });
      expect(r.changes).toHaveLength(33);
      expect(r.changes.every((c) => c.before === null)).toBe(true);

      const { days, covered } = await calendarYear(t.db, 2027);
      expect(days).toHaveLength(33);
      expect(days.every((d) => d.source === "import")).toBe(true);
      expect(covered).toMatchObject({ year: 2027, source: "2027 sample" });
      expect(await uncoveredYearsAhead(t.db, "2026-11-23")).toEqual([]);

      // Thursday 02-04 + 2 working days: 02-05 … 02-13 off, 02-14 Sunday, so Monday 15 and Tuesday 16.
      const after = (await loadCalendar(t.db)).addWorkingDays("2027-02-04", 2);
      expect(after.due).toBe("2027-02-16");
      expect(after.explanation.beyondCoverage).toBe(false);
      expect(after.explanation.skipped.filter((s) => s.reason === "holiday").map((s) => s.date)).toHaveLength(
        9,
      );
      // The make-up Saturday counts.
      const makeUp = (await loadCalendar(t.db)).addWorkingDays("2027-02-19", 1);
      expect(makeUp.due).toBe("2027-02-20");
      expect(makeUp.explanation.makeUpDays).toEqual(["2027-02-20"]);
    });

    it("a proposal assigned on 2027-02-04 gets its sign-for date after the imported Spring Festival", async () => {
      await importSample();
      clock.set("2027-02-01T02:00:00.000Z");
      const c = await createCase(t.db, clock, {
        actor: org.actors.author,
        input: {
          kind: "proposal",
          title: "关于完善春节期间公共服务的提案",
          body: "建议春节期间保障基本公共服务。",
        },
      });
      const send = (who: keyof Org["actors"], event: Record<string, unknown>) =>
        dispatch(t.db, clock, { caseId: c.id, actor: org.actors[who], event: event as never });
      await send("author", { type: "SUBMIT" });
      await send("supervisor", { type: "ACCEPT" });
      clock.set("2027-02-04T02:00:00.000Z");
      await send("supervisor", {
        type: "ASSIGN",
        leadDepartmentId: org.departments.lead,
        coDepartmentIds: [],
      });
      const sign = await t.db
        .selectFrom("case_deadlines")
        .selectAll()
        .where("case_id", "=", c.id)
        .where("type", "=", "sign")
        .executeTakeFirstOrThrow();
      expect(sign.due_date).toBe("2027-02-16");
      const why = JSON.parse(sign.explanation) as DueExplanation;
      expect(why.beyondCoverage).toBe(false);
      expect(why.skipped.some((s) => s.reason === "holiday" && s.name === "春节")).toBe(true);
    });

    it("importing again replaces the year's overrides, updates its source and writes an audit row each time", async () => {
      await importSample();
      const smaller = schedule(
        JSON.stringify({
          year: 2027,
          source: "国务院办公厅关于2027年部分节假日安排的通知（测试）",
          days: [
            { date: "2027-01-01", kind: "holiday", name: "元旦" },
            { date: "2027-02-06", kind: "workday", name: "春节" },
          ],
        }),
      );
      const r = await replaceCalendarYear(t.db, {
        schedule: smaller,
        source: smaller.source!,
        actorId: org.users.admin,
        now: "2026-11-24T02:00:00.000Z",
      });
      // 33 old days: 01-01 unchanged, 02-06 changed kind, the other 31 removed.
      expect(r.changes).toHaveLength(32);
      expect(r.changes.find((c) => c.date === "2027-02-06")).toEqual({
        date: "2027-02-06",
        before: { kind: "holiday", name: "春节" },
        after: { kind: "workday", name: "春节" },
      });
      const { days, covered } = await calendarYear(t.db, 2027);
      expect(days.map((d) => [d.date, d.kind])).toEqual([
        ["2027-01-01", "holiday"],
        ["2027-02-06", "workday"],
      ]);
      expect(covered?.source).toBe("国务院办公厅关于2027年部分节假日安排的通知（测试）");
      // Neighbouring years are untouched.
      expect((await calendarYear(t.db, 2026)).days.length).toBeGreaterThan(30);
      expect((await calendarYear(t.db, 2026)).covered?.source).toBe("chinese-days");

      const audit = await t.db
        .selectFrom("admin_audit")
        .selectAll()
        .where("action", "=", "calendar.import")
        .orderBy("id")
        .execute();
      expect(audit).toHaveLength(2);
      expect(audit[1]).toMatchObject({ actor_id: org.users.admin, target: "year:2027" });
      expect(JSON.parse(audit[1].detail)).toMatchObject({
        year: 2027,
        format: "json",
        holidays: 1,
        workdays: 1,
        changed: 32,
        previousSource: "2027 sample",
      });
    });

    it("a write that fails half-way leaves the year as it was, with no audit row", async () => {
      await importSample();
      const before = await yearOverrides(t.db, 2027);
      const broken = schedule(SAMPLE);
      // Bypassing the reader: the same date twice breaks the insert after the old days were deleted.
      broken.days = [...broken.days, broken.days[0]];
      await expect(
        replaceCalendarYear(t.db, { schedule: broken, source: "broken", actorId: org.users.admin, now: NOW }),
      ).rejects.toThrow();
      const after = await yearOverrides(t.db, 2027);
      expect(after).toEqual(before);
      expect(
        await t.db.selectFrom("admin_audit").select("id").where("action", "=", "calendar.import").execute(),
      ).toHaveLength(1);
    });

    it("a confirmation from a stale preview is refused and writes nothing", async () => {
      const preview = await yearOverrides(t.db, 2027);
      // Someone marks a day by hand between the preview and the confirmation.
      await t.db
        .insertInto("calendar_days")
        .values({ date: "2027-03-01", kind: "holiday", name: "x", source: "admin", updated_at: NOW })
        .execute();
      const e = await importSample({ expectedFingerprint: preview.fingerprint }).catch((x) => x);
      expect(e).toBeInstanceOf(CaseError);
      expect((e as CaseError).status).toBe(409);
      const { days, covered } = await calendarYear(t.db, 2027);
      expect(days.map((d) => d.date)).toEqual(["2027-03-01"]);
      expect(covered).toBeNull();
      // With the current fingerprint it goes through and the hand-made day is replaced.
      const fresh = await yearOverrides(t.db, 2027);
      await importSample({ expectedFingerprint: fresh.fingerprint });
      expect((await calendarYear(t.db, 2027)).days.some((d) => d.date === "2027-03-01")).toBe(false);
    });

    it("refuses a schedule whose days are not in its year, before touching anything", async () => {
      const s = schedule(SAMPLE);
      s.year = 2028;
      await expect(
        replaceCalendarYear(t.db, { schedule: s, source: "x", actorId: org.users.admin, now: NOW }),
      ).rejects.toThrow(/not in 2028/);
      expect((await calendarYear(t.db, 2028)).covered).toBeNull();
    });
  });
});
