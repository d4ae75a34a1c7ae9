import { sql } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCalendar, setCalendarDay } from "../../db/calendar";
import { openDb } from "../../db/client";
import { savePolicy, storedPolicies } from "../../db/policies";
import { settingsVersion } from "../../db/settings-version";
import { backendTitle, freshDb, releaseTestDatabases, type TestDb, testDatabases } from "../helpers/db";

/*
 * The calendar and the policies are cached per process and checked against one version row that
 * triggers move with every change: a change made through another handle (another instance of the
 * app) or in plain SQL is seen at once, and an unchanged version serves the cached copy.
 */
describe.each(testDatabases())("settings cache on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let other: ReturnType<typeof openDb>;
    const NOW = "2026-03-02T02:00:00.000Z";
    beforeEach(async () => {
      t = await freshDb(backend);
      other = openDb(t.url);
    });
    afterEach(async () => {
      await other.close();
      await t.close();
    });
    afterAll(releaseTestDatabases);

    it("serves the cached copy while nothing changed", async () => {
      const cal = await loadCalendar(t.db);
      const policies = await storedPolicies(t.db);
      expect(await loadCalendar(t.db)).toBe(cal);
      expect(await storedPolicies(t.db)).toBe(policies);
    });

    it("sees a calendar day set by another instance at once", async () => {
      const before = await loadCalendar(t.db);
      expect(before.isWorkingDay("2026-03-04")).toBe(true);
      const v = await settingsVersion(t.db);
      await setCalendarDay(other.kysely, "2026-03-04", "holiday", "测试假日", NOW);
      expect(await settingsVersion(t.db)).toBeGreaterThan(v!);
      const after = await loadCalendar(t.db);
      expect(after).not.toBe(before);
      expect(after.isWorkingDay("2026-03-04")).toBe(false);
      // Removing the override is a change too.
      await setCalendarDay(other.kysely, "2026-03-04", null, null, NOW);
      expect((await loadCalendar(t.db)).isWorkingDay("2026-03-04")).toBe(true);
    });

    it("sees a policy saved by another instance, and one changed in plain SQL", async () => {
      expect((await storedPolicies(t.db)).get("proposal")).toBeUndefined();
      await savePolicy(other.kysely, "proposal", { sign: { workingDays: 4 } }, NOW);
      expect((await storedPolicies(t.db)).get("proposal")).toEqual({ sign: { workingDays: 4 } });
      await sql`update policies set body = ${JSON.stringify({ sign: { workingDays: 6 } })}`.execute(
        other.kysely,
      );
      expect((await storedPolicies(t.db)).get("proposal")).toEqual({ sign: { workingDays: 6 } });
      await sql`delete from policies`.execute(other.kysely);
      expect((await storedPolicies(t.db)).get("proposal")).toBeUndefined();
    });

    it("caches nothing when the version row is missing", async () => {
      await sql`delete from settings_version`.execute(t.db);
      const cal = await loadCalendar(t.db);
      expect(await loadCalendar(t.db)).not.toBe(cal);
      await savePolicy(other.kysely, "proposal", { sign: { workingDays: 3 } }, NOW);
      expect((await storedPolicies(t.db)).get("proposal")).toEqual({ sign: { workingDays: 3 } });
    });
  });
});
