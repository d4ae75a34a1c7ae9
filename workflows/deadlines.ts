import type { DeadlineStatus } from "../db/schema";
import type { DueDate, WorkCalendar } from "./calendar";
import type { IsoDate } from "./dates";
import type { Period } from "./proposal/policy";

/** A change to a case's deadlines that a transition implies. */
export type DeadlineOp =
  | {
      op: "open";
      type: string;
      departmentId: number | null;
      round: number;
      start: IsoDate;
      due: DueDate;
    }
  | {
      op: "close";
      type: string | "*";
      /** null: the case-level deadline; "*": any department */
      departmentId: number | null | "*";
      status: Exclude<DeadlineStatus, "open">;
    };

export function computePeriod(cal: WorkCalendar, start: IsoDate, p: Period): DueDate {
  return "workingDays" in p ? cal.addWorkingDays(start, p.workingDays) : cal.addMonths(start, p.months);
}

export const open = (
  type: string,
  departmentId: number | null,
  round: number,
  start: IsoDate,
  due: DueDate,
): DeadlineOp => ({ op: "open", type, departmentId, round, start, due });

export const close = (
  type: string | "*",
  departmentId: number | null | "*",
  status: Exclude<DeadlineStatus, "open">,
): DeadlineOp => ({ op: "close", type, departmentId, status });
