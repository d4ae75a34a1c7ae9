import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarFromEntries, officialCalendarEntries, officialYears } from "../../workflows/calendar-data";
import { addDays } from "../../workflows/dates";
import { explainDue } from "../../workflows/explain";

/*
 * Expected facts, hard-coded from the State Council notices (国务院办公厅关于2025年/2026年部分节假日安排的通知),
 * NOT derived from the chinese-days package: the package is the thing being checked.
 */
interface Official {
  name: string;
  from: string;
  to: string;
  makeUp: string[];
}

const OFFICIAL_2025: Official[] = [
  { name: "元旦", from: "2025-01-01", to: "2025-01-01", makeUp: [] },
  { name: "春节", from: "2025-01-28", to: "2025-02-04", makeUp: ["2025-01-26", "2025-02-08"] },
  { name: "清明", from: "2025-04-04", to: "2025-04-06", makeUp: [] },
  { name: "劳动节", from: "2025-05-01", to: "2025-05-05", makeUp: ["2025-04-27"] },
  { name: "端午", from: "2025-05-31", to: "2025-06-02", makeUp: [] },
  { name: "国庆节、中秋节", from: "2025-10-01", to: "2025-10-08", makeUp: ["2025-09-28", "2025-10-11"] },
];

const OFFICIAL_2026: Official[] = [
  { name: "元旦", from: "2026-01-01", to: "2026-01-03", makeUp: ["2026-01-04"] },
  { name: "春节", from: "2026-02-15", to: "2026-02-23", makeUp: ["2026-02-14", "2026-02-28"] },
  { name: "清明", from: "2026-04-04", to: "2026-04-06", makeUp: [] },
  { name: "劳动节", from: "2026-05-01", to: "2026-05-05", makeUp: ["2026-05-09"] },
  { name: "端午", from: "2026-06-19", to: "2026-06-21", makeUp: [] },
  { name: "中秋节", from: "2026-09-25", to: "2026-09-27", makeUp: [] },
  { name: "国庆节", from: "2026-10-01", to: "2026-10-07", makeUp: ["2026-09-20", "2026-10-10"] },
];

const OFFICIAL = [...OFFICIAL_2025, ...OFFICIAL_2026];

function expand(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const officialHolidays = OFFICIAL.flatMap((h) => expand(h.from, h.to));
const officialMakeUps = OFFICIAL.flatMap((h) => h.makeUp);

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The calendar under test: the package's official data, covering 2025 and 2026 only. */
const cal = calendarFromEntries(officialCalendarEntries(), [2025, 2026]);

describe("official 2025/2026 schedule", () => {
  it("the hard-coded facts are self-consistent (make-up days fall on weekends)", () => {
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 = 28 days off; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 = 33 days off
    expect(officialHolidays).toHaveLength(28 + 33);
    expect(officialMakeUps).toHaveLength(5 + 6);
    for (const d of officialMakeUps) expect([0, 6]).toContain(dayOfWeek(d));
  });

  it("the chinese-days data for 2025 and 2026 matches the State Council notices exactly", () => {
    const entries = officialCalendarEntries().filter(
      (e) => e.date.startsWith("2025") || e.date.startsWith("2026"),
    );
    const holidays = entries.filter((e) => e.kind === "holiday").map((e) => e.date);
    const workdays = entries.filter((e) => e.kind === "workday").map((e) => e.date);
    expect(holidays).toEqual([...officialHolidays].sort());
    expect(workdays).toEqual([...officialMakeUps].sort());
    expect(officialYears()).toEqual(expect.arrayContaining([2025, 2026]));
  });

  it("every official holiday is a non-working day", () => {
    for (const d of officialHolidays) expect(cal.isWorkingDay(d), d).toBe(false);
  });

  it("every make-up day (调休) is a working day although it falls on a weekend", () => {
    for (const d of officialMakeUps) expect(cal.isWorkingDay(d), d).toBe(true);
  });

  it("ordinary days follow the weekday", () => {
    expect(cal.isWorkingDay("2026-10-08")).toBe(true); // Thu after National Day
    expect(cal.isWorkingDay("2026-10-09")).toBe(true); // Fri
    expect(cal.isWorkingDay("2026-10-11")).toBe(false); // Sun, not a make-up day
    expect(cal.isWorkingDay("2025-10-12")).toBe(false); // Sun after the Sat make-up day
    expect(cal.isWorkingDay("2026-03-07")).toBe(false); // Sat
  });

  it("counts the working days of each year by hand: 261 weekdays − weekday holidays + make-up days", () => {
    // 2025: 261 weekdays − 18 holidays on weekdays + 5 make-up days
    expect(cal.workingDaysBetween("2024-12-31", "2025-12-31")).toBe(248);
    // 2026: 261 weekdays − 19 holidays on weekdays + 6 make-up days
    expect(cal.workingDaysBetween("2025-12-31", "2026-12-31")).toBe(248);
    // October 2026: 22 weekdays − Oct 1,2,5,6,7 + Sat Oct 10
    expect(cal.workingDaysBetween("2026-09-30", "2026-10-31")).toBe(18);
    expect(cal.workingDaysBetween("2026-10-13", "2026-09-30")).toBe(0);
  });
});

describe("addWorkingDays", () => {
  it("National Day 2026: 5 working days from 2026-09-30 → Oct 8, 9, 10 (make-up Sat), 12, 13", () => {
    const r = cal.addWorkingDays("2026-09-30", 5);
    expect(r.due).toBe("2026-10-13");
    expect(r.explanation.due).toBe("2026-10-13");
    expect(r.explanation.rule).toBe("working_days");
    expect(r.explanation.makeUpDays).toEqual(["2026-10-10"]);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual([
      ...expand("2026-10-01", "2026-10-07"),
      "2026-10-11",
    ]);
    expect(r.explanation.skipped.slice(0, 7).every((s) => s.reason === "holiday")).toBe(true);
    expect(r.explanation.skipped[0].name).toContain("国庆节");
    expect(r.explanation.skipped[7]).toEqual({ date: "2026-10-11", reason: "weekend", name: null });
    expect(r.explanation.beyondCoverage).toBe(false);
    expect(cal.workingDaysBetween("2026-09-30", r.due)).toBe(5);
  });

  it("National Day 2025: 5 working days from Fri 2025-09-26 → Sun 28 (make-up), 29, 30, Oct 9, 10", () => {
    const r = cal.addWorkingDays("2025-09-26", 5);
    expect(r.due).toBe("2025-10-10");
    expect(r.explanation.makeUpDays).toEqual(["2025-09-28"]);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual([
      "2025-09-27",
      ...expand("2025-10-01", "2025-10-08"),
    ]);
    expect(r.explanation.skipped[0].reason).toBe("weekend");
    expect(r.explanation.skipped.slice(1).every((s) => s.reason === "holiday")).toBe(true);
  });

  it("National Day 2025: 3 working days from 2025-09-30 → Oct 9, 10, Sat 11 (make-up) — due on a Saturday", () => {
    const r = cal.addWorkingDays("2025-09-30", 3);
    expect(r.due).toBe("2025-10-11");
    expect(r.explanation.makeUpDays).toEqual(["2025-10-11"]);
    expect(r.explanation.skipped).toHaveLength(8);
  });

  it("Spring Festival 2026: 3 working days from Thu 2026-02-12 → Fri 13, Sat 14 (make-up), Tue 24", () => {
    const r = cal.addWorkingDays("2026-02-12", 3);
    expect(r.due).toBe("2026-02-24");
    expect(r.explanation.makeUpDays).toEqual(["2026-02-14"]);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual(expand("2026-02-15", "2026-02-23"));
    expect(r.explanation.skipped.every((s) => s.reason === "holiday" && s.name?.includes("春节"))).toBe(true);
  });

  it("Spring Festival 2026: 10 working days from Fri 2026-02-13 counts both make-up Saturdays → 2026-03-05", () => {
    // Feb 14 (1), [15–23 off], 24 (2), 25 (3), 26 (4), 27 (5), Sat 28 (6), [Sun Mar 1], Mar 2 (7), 3 (8), 4 (9), 5 (10)
    // (weekdays alone would give 2026-02-27)
    const r = cal.addWorkingDays("2026-02-13", 10);
    expect(r.due).toBe("2026-03-05");
    expect(r.explanation.makeUpDays).toEqual(["2026-02-14", "2026-02-28"]);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual([
      ...expand("2026-02-15", "2026-02-23"),
      "2026-03-01",
    ]);
  });

  it("Spring Festival 2025: 3 working days from Fri 2025-01-24 → Sun 26 (make-up), Mon 27, Wed Feb 5", () => {
    const r = cal.addWorkingDays("2025-01-24", 3);
    expect(r.due).toBe("2025-02-05");
    expect(r.explanation.makeUpDays).toEqual(["2025-01-26"]);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual([
      "2025-01-25",
      ...expand("2025-01-28", "2025-02-04"),
    ]);
  });

  it("Labour Day 2026: 4 working days from 2026-04-30 → May 6, 7, 8, Sat 9 (make-up)", () => {
    const r = cal.addWorkingDays("2026-04-30", 4);
    expect(r.due).toBe("2026-05-09");
    expect(r.explanation.makeUpDays).toEqual(["2026-05-09"]);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual(expand("2026-05-01", "2026-05-05"));
  });

  it("New Year 2026 across the year boundary: 1 working day from 2025-12-31 → Sun 2026-01-04 (make-up)", () => {
    const r = cal.addWorkingDays("2025-12-31", 1);
    expect(r.due).toBe("2026-01-04");
    expect(r.explanation.makeUpDays).toEqual(["2026-01-04"]);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual(expand("2026-01-01", "2026-01-03"));
  });

  it("zero working days from a holiday is the next working day", () => {
    const r = cal.addWorkingDays("2026-10-01", 0);
    expect(r.due).toBe("2026-10-08");
    expect(r.explanation.skipped.map((s) => s.date)).toEqual(expand("2026-10-01", "2026-10-07"));
    expect(r.explanation.amount).toBe(0);
  });

  it("zero working days from a working day (including a make-up Sunday) is that day", () => {
    expect(cal.addWorkingDays("2026-09-30", 0).due).toBe("2026-09-30");
    const r = cal.addWorkingDays("2026-01-04", 0);
    expect(r.due).toBe("2026-01-04");
    expect(r.explanation.skipped).toEqual([]);
  });

  it("flags a due date beyond the covered years and assumes weekends only there", () => {
    // Dec 21–25 (5), 28–31 (9), Fri 2027-01-01 counted (10, no 2027 data), Jan 4–8 (15), Jan 11–15 (20)
    const r = cal.addWorkingDays("2026-12-20", 20);
    expect(r.due).toBe("2027-01-15");
    expect(r.explanation.beyondCoverage).toBe(true);
    expect(cal.addWorkingDays("2026-12-20", 5).explanation.beyondCoverage).toBe(false);
    expect(cal.addWorkingDays("2024-12-30", 1).explanation.beyondCoverage).toBe(true);
  });

  it("rejects a negative or fractional number of working days", () => {
    expect(() => cal.addWorkingDays("2026-09-30", -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays("2026-09-30", 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays("2026-09-30", Number.NaN)).toThrow(RangeError);
  });
});

describe("addMonths", () => {
  it("2026-07-01 + 3 months = 2026-10-01 (National Day) → rolls to 2026-10-08", () => {
    const r = cal.addMonths("2026-07-01", 3);
    expect(r.due).toBe("2026-10-08");
    expect(r.explanation.rule).toBe("months");
    expect(r.explanation.nominal).toBe("2026-10-01");
    expect(r.explanation.rolledForward).toBe(true);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual(expand("2026-10-01", "2026-10-07"));
    expect(r.explanation.beyondCoverage).toBe(false);
  });

  it("2026-01-31 + 1 month clamps to 2026-02-28, a make-up working Saturday → stays", () => {
    const r = cal.addMonths("2026-01-31", 1);
    expect(r.due).toBe("2026-02-28");
    expect(r.explanation.nominal).toBe("2026-02-28");
    expect(r.explanation.rolledForward).toBe(false);
    expect(r.explanation.skipped).toEqual([]);
  });

  it("2025-11-15 + 3 months = 2026-02-15 (Spring Festival) → rolls to 2026-02-24", () => {
    const r = cal.addMonths("2025-11-15", 3);
    expect(r.due).toBe("2026-02-24");
    expect(r.explanation.nominal).toBe("2026-02-15");
    expect(r.explanation.rolledForward).toBe(true);
    expect(r.explanation.skipped).toHaveLength(9);
  });

  it("a nominal date on an ordinary weekend rolls to Monday", () => {
    const r = cal.addMonths("2026-02-07", 1);
    expect(r.explanation.nominal).toBe("2026-03-07");
    expect(r.due).toBe("2026-03-09");
    expect(r.explanation.skipped.map((s) => s.reason)).toEqual(["weekend", "weekend"]);
  });

  it("flags a nominal date beyond coverage, and rejects negative months", () => {
    const r = cal.addMonths("2026-11-15", 2);
    expect(r.due).toBe("2027-01-15");
    expect(r.explanation.beyondCoverage).toBe(true);
    expect(() => cal.addMonths("2026-01-01", -1)).toThrow(RangeError);
  });
});

describe("fixed", () => {
  it("a date set in a holiday rolls forward and keeps the note", () => {
    const r = cal.fixed("2026-09-01", "2026-10-03", "延期");
    expect(r.due).toBe("2026-10-08");
    expect(r.explanation.rule).toBe("fixed");
    expect(r.explanation.nominal).toBe("2026-10-03");
    expect(r.explanation.rolledForward).toBe(true);
    expect(r.explanation.skipped.map((s) => s.date)).toEqual(expand("2026-10-03", "2026-10-07"));
    expect(r.explanation.note).toBe("延期");
  });

  it("a date set on a make-up Sunday stays", () => {
    const r = cal.fixed("2026-09-01", "2026-09-20");
    expect(r.due).toBe("2026-09-20");
    expect(r.explanation.rolledForward).toBe(false);
  });
});

describe("calendarFromEntries", () => {
  it("an edited entry overrides the weekday rule", () => {
    const c = calendarFromEntries(
      [
        { date: "2026-03-02", kind: "holiday", name: null },
        { date: "2026-03-07", kind: "workday", name: "补班" },
      ],
      [2026],
    );
    expect(c.isWorkingDay("2026-03-02")).toBe(false);
    expect(c.isWorkingDay("2026-03-07")).toBe(true);
    // Fri 2026-02-27 + 2: [Sat 28, Sun Mar 1 are weekends here, Mon 2 holiday], Tue 3 (1), Wed 4 (2)
    expect(c.addWorkingDays("2026-02-27", 2).due).toBe("2026-03-04");
  });
});

describe("explainDue", () => {
  const r = cal.addWorkingDays("2026-09-30", 5);

  it("Chinese text names the due date, the holiday and the make-up day", () => {
    const zh = explainDue(r.explanation, "zh-CN");
    expect(zh).toContain("截止 2026-10-13");
    expect(zh).toContain("国庆节 2026-10-01–2026-10-07");
    expect(zh).toContain("调休上班日 2026-10-10");
    expect(zh).toContain("5 个工作日");
    expect(zh).not.toContain("注意");
  });

  it("English text says working days and names the holiday", () => {
    const en = explainDue(r.explanation, "en");
    expect(en).toContain("5 working days from 2026-09-30");
    expect(en).toContain("National Day 2026-10-01–2026-10-07");
    expect(en).toContain("due 2026-10-13");
    expect(en).not.toContain("国庆");
  });

  it("warns when beyond coverage", () => {
    const e = cal.addWorkingDays("2026-12-20", 20).explanation;
    expect(explainDue(e, "zh-CN")).toContain("超出节假日日历已覆盖的年份");
    expect(explainDue(e, "en")).toContain("WARNING");
  });
});

describe("workingDaysBetween counts by arithmetic", () => {
  const cal = calendarFromEntries(officialCalendarEntries(), officialYears());
  /** The rule itself, one day at a time. */
  const byDay = (from: string, to: string) => {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (cal.isWorkingDay(d)) n++;
    return n;
  };
  const day = fc
    .integer({ min: Date.UTC(2003, 0, 1), max: Date.UTC(2028, 11, 31) })
    .map((ms) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().slice(0, 10));

  it("agrees with counting day by day for any two dates from 2003 to 2028, in either order", () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(cal.workingDaysBetween(a, b)).toBe(byDay(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees across every holiday and make-up day of 2026, one day apart and one week apart", () => {
    for (let d = "2025-12-20"; d <= "2027-01-10"; d = addDays(d, 1)) {
      expect(cal.workingDaysBetween(d, addDays(d, 1)), d).toBe(byDay(d, addDays(d, 1)));
      expect(cal.workingDaysBetween(d, addDays(d, 7)), d).toBe(byDay(d, addDays(d, 7)));
    }
  });

  it("counts a span of decades beyond the covered years by weekends only", () => {
    const n = cal.workingDaysBetween("2026-12-31", "2099-12-31");
    // 2027-01-01 … 2099-12-31 is 26,663 days = 3,809 weeks exactly: 5 weekdays each.
    expect(n).toBe(3809 * 5);
  });
});
