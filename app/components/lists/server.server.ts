/**
 * Everything the list pages' loaders and actions take from the database and workflow layers, in
 * one `.server` module: the Remix compiler leaves it out of the browser bundle, so module-level
 * code of those layers (e.g. reading `process.env`) never runs in a browser.
 */
export { recentAdminActions } from "../../../db/audit";
export { calendarYear, coveredYears, loadCalendar } from "../../../db/calendar";
export { departmentCaseIds, departmentInbox, departmentInboxCounts } from "../../../db/cases";
export { getDepartment, listDepartments } from "../../../db/departments";
export {
  ACTIVE_STATES,
  casesWaitingIn,
  extensionQueue,
  keyQueue,
  objectionQueue,
  overdueQueue,
  recentVisits,
  requestIntakeQueue,
  returnedRequestQueue,
  supervisionCounts,
} from "../../../db/queues";
export { requestListFacts } from "../../../db/suggestions";
export { listDelegates, listUsers } from "../../../db/users";
export { isIsoDate, TIME_ZONE, today } from "../../../workflows/dates";
export { createCase } from "../../../workflows/engine";
export { CaseError } from "../../../workflows/errors";
