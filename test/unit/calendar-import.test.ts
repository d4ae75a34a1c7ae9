import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeScheduleBytes,
  type ImportProblem,
  kindOfSummary,
  MAX_IMPORT_BYTES,
  nameOfSummary,
  type ParseOutcome,
  parseScheduleFile,
  parseScheduleJson,
  scheduleChanges,
  scheduleToJson,
  unfoldIcs,
} from "../../workflows/calendar-import";

const SAMPLE_DIR = path.resolve("docs/calendar");

function ok(r: ParseOutcome) {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r;
}
function refused(r: ParseOutcome): ImportProblem[] {
  if (r.ok) throw new Error("accepted a file that should be refused");
  return r.problems;
}
const codes = (ps: ImportProblem[]) => ps.map((p) => p.code);

/** An iCal file as a public holiday feed writes it: CRLF, a time zone, folded lines. */
const ics = (...events: string[]) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Example//Holidays//ZH",
    "X-WR-CALNAME:中国法定节假日",
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "END:STANDARD",
    "END:VTIMEZONE",
    ...events,
    "END:VCALENDAR",
    "",
  ].join("\r\n");

const event = (lines: string[]) =>
  ["BEGIN:VEVENT", "DTSTAMP:20261101T000000Z", ...lines, "END:VEVENT"].join("\r\n");

describe("the iCal reader", () => {
  it("reads the shipped sample: CRLF, folded lines, a VTIMEZONE, ranges with exclusive DTEND, 补班 days", () => {
    const bytes = fs.readFileSync(path.join(SAMPLE_DIR, "2027-sample.ics"));
    expect(bytes.includes(Buffer.from("\r\n "))).toBe(true); // it really is folded
    const r = ok(parseScheduleFile(decodeScheduleBytes(new Uint8Array(bytes))));
    const s = r.schedule;
    expect(s.year).toBe(2027);
    expect(s.format).toBe("ics");
    // The folded X-WR-CALNAME comes back whole and says plainly it is not the official schedule.
    expect(s.source).toContain("不是国务院办公厅公布的2027年放假安排");
    expect(s.source).toContain("not the official 2027 schedule");
    const at = (date: string) => s.days.find((d) => d.date === date);
    // 元旦 1–3 Jan: DTEND 20270104 is not a day off.
    expect(at("2027-01-01")).toEqual({ date: "2027-01-01", kind: "holiday", name: "元旦" });
    expect(at("2027-01-03")?.kind).toBe("holiday");
    expect(at("2027-01-04")).toBeUndefined();
    // 春节 5–13 Feb, nine days, and a make-up Saturday.
    expect(s.days.filter((d) => d.name === "春节" && d.kind === "holiday").map((d) => d.date)).toEqual([
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-02-11",
      "2027-02-12",
      "2027-02-13",
    ]);
    expect(at("2027-02-20")).toEqual({ date: "2027-02-20", kind: "workday", name: "春节" });
    // A single day without DTEND, and one with DURATION.
    expect(at("2027-06-09")?.kind).toBe("holiday");
    expect(at("2027-06-10")).toBeUndefined();
    expect(at("2027-09-15")).toEqual({ date: "2027-09-15", kind: "holiday", name: "中秋节" });
    expect(at("2027-09-16")).toBeUndefined();
    expect(s.days.filter((d) => d.kind === "workday").map((d) => d.date)).toEqual([
      "2027-02-20",
      "2027-05-08",
      "2027-09-26",
      "2027-10-09",
    ]);
    expect(s.days).toHaveLength(33);
    expect(r.warnings).toEqual([]);
  });

  it("reads the same days from the JSON sample as from the iCal sample", () => {
    const fromIcs = ok(
      parseScheduleFile(decodeScheduleBytes(fs.readFileSync(path.join(SAMPLE_DIR, "2027-sample.ics")))),
    );
    const fromJson = ok(
      parseScheduleFile(fs.readFileSync(path.join(SAMPLE_DIR, "2027-sample.json"), "utf8")),
    );
    expect(fromJson.schedule.format).toBe("json");
    expect(fromJson.schedule.days).toEqual(fromIcs.schedule.days);
    expect(fromJson.schedule.source).toBe(fromIcs.schedule.source);
  });

  it("unfolds lines split inside a UTF-8 character, as a writer folding at 75 octets may do", () => {
    const summary = Buffer.from("SUMMARY:国庆节（休）", "utf8");
    // Split the bytes of 庆 (3 octets) after its first octet.
    const cut = Buffer.from("SUMMARY:国", "utf8").length + 1;
    const folded = Buffer.concat([summary.subarray(0, cut), Buffer.from("\r\n "), summary.subarray(cut)]);
    const file = Buffer.concat([
      Buffer.from(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20271001\r\nDTEND;VALUE=DATE:20271003\r\n",
      ),
      folded,
      Buffer.from("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ]);
    const r = ok(parseScheduleFile(decodeScheduleBytes(new Uint8Array(file))));
    expect(r.schedule.days).toEqual([
      { date: "2027-10-01", kind: "holiday", name: "国庆节" },
      { date: "2027-10-02", kind: "holiday", name: "国庆节" },
    ]);
  });

  it("unfolds with LF line ends and tab continuations too, and keeps the line number of each line's start", () => {
    const lines = unfoldIcs(
      "BEGIN:VCALENDAR\nX-WR-CALNAME:Chinese\n\tHolidays\nSUMMARY;LANGUAGE=zh:a\n b:c\nEND:VCALENDAR",
    );
    expect(lines.map((l) => [l.line, l.name, l.value])).toEqual([
      [1, "BEGIN", "VCALENDAR"],
      [2, "X-WR-CALNAME", "ChineseHolidays"],
      [4, "SUMMARY", "ab:c"],
      [6, "END", "VCALENDAR"],
    ]);
    expect(lines[2].params).toEqual({ LANGUAGE: "zh" });
  });

  it("skips other components (VTODO, VALARM inside events, VJOURNAL) and observances that are not days off", () => {
    const r = ok(
      parseScheduleFile(
        ics(
          "BEGIN:VTODO\r\nDTSTART;VALUE=DATE:20270102\r\nSUMMARY:放假前检查\r\nEND:VTODO",
          event([
            "DTSTART;VALUE=DATE:20270101",
            "SUMMARY:元旦 假期 第1天/共1天",
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nSUMMARY:上班提醒\r\nEND:VALARM",
          ]),
          event(["DTSTART;VALUE=DATE:20270910", "SUMMARY:教师节"]),
          event([
            "DTSTART;VALUE=DATE:20270206",
            "DTEND;VALUE=DATE:20270207",
            "SUMMARY:春节 补班 第1天/共1天",
          ]),
          "BEGIN:VJOURNAL\r\nSUMMARY:x\r\nEND:VJOURNAL",
        ),
      ),
    );
    expect(r.schedule.days).toEqual([
      { date: "2027-01-01", kind: "holiday", name: "元旦" },
      { date: "2027-02-06", kind: "workday", name: "春节" },
    ]);
    expect(r.schedule.source).toBe("中国法定节假日");
    expect(r.warnings).toEqual([{ line: 27, code: "icsNoKind", params: { summary: "教师节" } }]);
  });

  it("reads DATE-TIME starts and ends as the dates they name in Shanghai, and Apple's special-day marks", () => {
    const r = ok(
      parseScheduleFile(
        ics(
          // 16:00Z on 30 Sep is midnight of 1 Oct in Shanghai; the end, midnight of the 3rd, is exclusive.
          event(["DTSTART:20270930T160000Z", "DTEND:20271002T160000Z", "SUMMARY:国庆"]),
          event([
            "DTSTART;TZID=Asia/Shanghai:20270925T000000",
            "DTEND;TZID=Asia/Shanghai:20270926T000000",
            "X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY",
            "SUMMARY:调休",
          ]),
          event(["DTSTART;VALUE=DATE:20271003", "SUMMARY:National Day holiday"]),
        ),
      ),
    );
    expect(r.warnings.map((w) => w.params?.summary)).toEqual(["国庆"]);
    expect(r.schedule.days).toEqual([
      { date: "2027-09-25", kind: "workday", name: null },
      { date: "2027-10-03", kind: "holiday", name: "National Day" },
    ]);
  });

  it("tells days off from make-up days by the words public calendars use", () => {
    expect(kindOfSummary("春节（休）")).toBe("holiday");
    expect(kindOfSummary("国庆节放假")).toBe("holiday");
    expect(kindOfSummary("休")).toBe("holiday");
    expect(kindOfSummary("Labour Day holiday")).toBe("holiday");
    expect(kindOfSummary("春节（班）")).toBe("workday");
    expect(kindOfSummary("调休上班")).toBe("workday");
    expect(kindOfSummary("补班")).toBe("workday");
    expect(kindOfSummary("Make-up workday")).toBe("workday");
    expect(kindOfSummary("教师节")).toBeNull();
    expect(nameOfSummary("春节（休）")).toBe("春节");
    expect(nameOfSummary("劳动节 补班 第2天/共2天")).toBe("劳动节");
    expect(nameOfSummary("休")).toBeNull();
    expect(nameOfSummary("国庆节、中秋节 放假")).toBe("国庆节、中秋节");
  });
});

describe("refusals of an iCal file", () => {
  it("a make-up working day on a weekday, with its line", () => {
    const problems = refused(
      parseScheduleFile(ics(event(["DTSTART;VALUE=DATE:20270203", "SUMMARY:春节（补班）"]))),
    );
    expect(problems).toEqual([
      { line: 13, code: "workdayOnWeekday", params: { date: "2027-02-03", wdZh: "三", wdEn: "Wednesday" } },
    ]);
  });

  it("days from several years", () => {
    const problems = refused(
      parseScheduleFile(
        ics(
          event(["DTSTART;VALUE=DATE:20261231", "DTEND;VALUE=DATE:20270102", "SUMMARY:元旦（休）"]),
          event(["DTSTART;VALUE=DATE:20280101", "SUMMARY:元旦（休）"]),
        ),
      ),
    );
    expect(problems).toEqual([{ code: "mixedYears", params: { years: "2026, 2027, 2028" } }]);
  });

  it("an invalid date, a repeating event, a missing start, an end before the start, a bad duration, a month-long event", () => {
    const problems = refused(
      parseScheduleFile(
        ics(
          event(["DTSTART;VALUE=DATE:20270230", "SUMMARY:休"]),
          event(["DTSTART;VALUE=DATE:20270101", "RRULE:FREQ=YEARLY", "SUMMARY:元旦（休）"]),
          event(["SUMMARY:春节（休）"]),
          event(["DTSTART;VALUE=DATE:20270405", "DTEND;VALUE=DATE:20270403", "SUMMARY:清明（休）"]),
          event(["DTSTART;VALUE=DATE:20270501", "DURATION:PT5H", "SUMMARY:劳动节（休）"]),
          event(["DTSTART;VALUE=DATE:20270701", "DTEND;VALUE=DATE:20270901", "SUMMARY:暑假（休）"]),
        ),
      ),
    );
    expect(codes(problems)).toEqual([
      "badDate",
      "icsRepeating",
      "icsNoStart",
      "icsEndBeforeStart",
      "icsBadDuration",
      "icsTooLong",
    ]);
    expect(problems[0]).toEqual({ line: 15, code: "badDate", params: { value: "20270230" } });
    expect(problems.every((p) => typeof p.line === "number")).toBe(true);
  });

  it("one date both off and worked", () => {
    const problems = refused(
      parseScheduleFile(
        ics(
          event(["DTSTART;VALUE=DATE:20270206", "SUMMARY:春节（休）"]),
          event(["DTSTART;VALUE=DATE:20270206", "SUMMARY:春节（班）"]),
        ),
      ),
    );
    expect(problems).toEqual([{ line: 18, code: "conflict", params: { date: "2027-02-06" } }]);
  });

  it("an unclosed calendar, a file with no days, an empty file, an unknown format, a file too large", () => {
    expect(codes(refused(parseScheduleFile("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR")))).toEqual([
      "icsUnbalanced",
    ]);
    expect(
      codes(refused(parseScheduleFile(ics(event(["DTSTART;VALUE=DATE:20270910", "SUMMARY:教师节"]))))),
    ).toEqual(["icsNoDays"]);
    expect(codes(refused(parseScheduleFile("")))).toEqual(["empty"]);
    expect(codes(refused(parseScheduleFile("  \r\n\uFEFF")))).toEqual(["empty"]);
    expect(codes(refused(parseScheduleFile("date,kind\n2027-01-01,holiday")))).toEqual(["unknownFormat"]);
    const big = ics(
      event([
        "DTSTART;VALUE=DATE:20270101",
        `SUMMARY:元旦（休）`,
        `DESCRIPTION:${"x".repeat(MAX_IMPORT_BYTES)}`,
      ]),
    );
    expect(refused(parseScheduleFile(big))).toEqual([{ code: "tooLarge", params: { max: 256 } }]);
  });
});

describe("the JSON reader", () => {
  it("reads our shape; a day off on a weekend is kept (official runs include weekends)", () => {
    const r = ok(
      parseScheduleJson(
        JSON.stringify({
          year: 2027,
          source: "国务院办公厅关于2027年部分节假日安排的通知",
          days: [
            { date: "2027-01-02", kind: "holiday", name: "元旦" },
            { date: "2027-01-01", kind: "holiday", name: "元旦" },
            { date: "2027-02-20", kind: "workday", name: "春节" },
            { date: "2027-01-01", kind: "holiday" },
          ],
        }),
      ),
    );
    expect(r.schedule).toEqual({
      year: 2027,
      source: "国务院办公厅关于2027年部分节假日安排的通知",
      format: "json",
      days: [
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
        { date: "2027-01-02", kind: "holiday", name: "元旦" },
        { date: "2027-02-20", kind: "workday", name: "春节" },
      ],
    });
    // What the confirm step sends back reads the same.
    expect(ok(parseScheduleJson(scheduleToJson(r.schedule))).schedule).toEqual(r.schedule);
  });

  it("reads the chinese-days shape, its names kept as written", () => {
    const r = ok(
      parseScheduleFile(
        JSON.stringify({
          holidays: { "2027-01-01": "New Year's Day,元旦,1", "2027-01-02": "New Year's Day,元旦,1" },
          workdays: { "2027-02-20": "Spring Festival,春节,4" },
          inLieuDays: {},
        }),
      ),
    );
    expect(r.schedule.format).toBe("chinese-days");
    expect(r.schedule.year).toBe(2027);
    expect(r.schedule.source).toBeNull();
    expect(r.schedule.days.map((d) => [d.date, d.kind, d.name])).toEqual([
      ["2027-01-01", "holiday", "New Year's Day,元旦,1"],
      ["2027-01-02", "holiday", "New Year's Day,元旦,1"],
      ["2027-02-20", "workday", "Spring Festival,春节,4"],
    ]);
  });

  it("refuses with a problem per field: bad dates, kinds, other years, unknown fields, weekday make-up days", () => {
    const problems = refused(
      parseScheduleJson(
        JSON.stringify({
          year: 2027,
          days: [
            { date: "2027-02-30", kind: "holiday" },
            { date: "2027-03-01", kind: "off" },
            { date: "2028-01-01", kind: "holiday" },
            { date: "2027-03-03", kind: "workday", name: "春节" },
            { date: "2027-05-01", kind: "holiday", note: "x" },
            { kind: "holiday" },
            "2027-06-01",
          ],
          extra: true,
        }),
      ),
    );
    expect(problems).toEqual([
      { path: "extra", code: "unknownField" },
      { path: "days[0].date", code: "badDate", params: { value: "2027-02-30" } },
      { path: "days[1].kind", code: "badKind", params: { value: "off" } },
      { path: "days[4].note", code: "unknownField" },
      { path: "days[5].date", code: "required", params: { value: "" } },
      { path: "days[6]", code: "notObject" },
    ]);
    // Shape fixed, the checks on the days themselves come next.
    const second = refused(
      parseScheduleJson(
        JSON.stringify({
          year: 2027,
          days: [
            { date: "2028-01-01", kind: "holiday" },
            { date: "2027-03-03", kind: "workday", name: "春节" },
          ],
        }),
      ),
    );
    expect(second).toEqual([
      { path: "days[0]", code: "otherYear", params: { date: "2028-01-01", year: 2027 } },
      {
        path: "days[1]",
        code: "workdayOnWeekday",
        params: { date: "2027-03-03", wdZh: "三", wdEn: "Wednesday" },
      },
    ]);
  });

  it("refuses a missing year or days, a bad year, broken JSON, an empty list, overlong names", () => {
    expect(refused(parseScheduleJson("{}"))).toEqual([
      { path: "year", code: "required" },
      { path: "days", code: "required" },
    ]);
    expect(codes(refused(parseScheduleJson('{"year": "2027", "days": {}}')))).toEqual(["badYear", "notList"]);
    expect(codes(refused(parseScheduleJson('{\n  "year": 2027,\n  "days": [\n}')))).toEqual(["badJson"]);
    expect(codes(refused(parseScheduleJson('{"year": 2027, "days": []}')))).toEqual(["noDays"]);
    expect(codes(refused(parseScheduleJson("[1,2]")))).toEqual(["badJson"]);
    expect(
      refused(
        parseScheduleJson(
          JSON.stringify({
            year: 2027,
            days: [{ date: "2027-01-01", kind: "holiday", name: "元".repeat(61) }],
          }),
        ),
      ),
    ).toEqual([{ path: "days[0].name", code: "tooLong", params: { max: 60 } }]);
    expect(
      codes(refused(parseScheduleFile(JSON.stringify({ holidays: { "2027-13-01": "x" }, workdays: [] })))),
    ).toEqual(["badDate", "notObject"]);
  });
});

describe("what an import changes", () => {
  it("lists the dates added, removed, or changed in kind or name", () => {
    const changes = scheduleChanges(
      [
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
        { date: "2027-01-02", kind: "holiday", name: "元旦" },
        { date: "2027-02-06", kind: "workday", name: null },
      ],
      [
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
        { date: "2027-01-02", kind: "holiday", name: "New Year" },
        { date: "2027-02-06", kind: "holiday", name: "春节" },
        { date: "2027-02-20", kind: "workday", name: "春节" },
      ],
    );
    expect(changes).toEqual([
      {
        date: "2027-01-02",
        before: { kind: "holiday", name: "元旦" },
        after: { kind: "holiday", name: "New Year" },
      },
      {
        date: "2027-02-06",
        before: { kind: "workday", name: null },
        after: { kind: "holiday", name: "春节" },
      },
      { date: "2027-02-20", before: null, after: { kind: "workday", name: "春节" } },
    ]);
    expect(scheduleChanges([{ date: "2027-05-01", kind: "holiday", name: null }], [])).toEqual([
      { date: "2027-05-01", before: { kind: "holiday", name: null }, after: null },
    ]);
  });
});
