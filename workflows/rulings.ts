import type { WorkCalendar } from "./calendar";
import type { IsoDate } from "./dates";

/**
 * How long a supervisor has to rule on what a unit asked for, in working days from the day it
 * asked (not counting that day): an extension (延期申请), an objection to the assignment
 * (申请调整), a return of an enterprise request (退单). The local rules set deadlines for the
 * units, not for the ruling; two working days keeps a unit from waiting while its own clock runs.
 * A deployment that wants another period changes it here. Read-time only: nothing is stored.
 */
export const RULING_WORKING_DAYS = { extension: 2, objection: 2, return: 2 } as const;

export type RulingKind = keyof typeof RULING_WORKING_DAYS;

/** The day the supervisor's ruling is due for a request made on `requestedOn`. */
export function rulingDue(cal: WorkCalendar, kind: RulingKind, requestedOn: IsoDate): IsoDate {
  return cal.addWorkingDays(requestedOn, RULING_WORKING_DAYS[kind]).due;
}
