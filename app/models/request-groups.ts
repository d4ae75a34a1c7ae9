/**
 * How an enterprise thinks of its requests: the states grouped by whose move it is. Shared by the
 * list's loader and its tabs in the browser.
 */
export const REQUEST_GROUPS = {
  review: ["submitted", "accepted"],
  handling: ["assigned", "handling", "awaiting_submitter", "reply_review", "rehandling"],
  replied: ["replied"],
  done: ["closed", "rejected", "merged"],
} as const;
export type RequestGroup = keyof typeof REQUEST_GROUPS;
const GROUP_KEYS = Object.keys(REQUEST_GROUPS) as RequestGroup[];

export const groupOf = (state: string): RequestGroup =>
  GROUP_KEYS.find((g) => (REQUEST_GROUPS[g] as readonly string[]).includes(state)) ?? "handling";
