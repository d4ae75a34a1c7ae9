import type { Role } from "../db/schema";
import type { IsoDate } from "./dates";

/** Who sends an event. `system` is the deadline sweeper. */
export interface Actor {
  userId: number | null;
  role: Role | "system";
  departmentId: number | null;
  enterpriseId: number | null;
}

/** Fields the engine adds to every event before the machine sees it: time enters as data. */
export interface EngineFields {
  actor: Actor;
  /** calendar date of the event in the deployment's time zone */
  today: IsoDate;
  /** ISO instant */
  at: string;
}

/** Who a notification goes to; the engine turns these into users and outbox rows. */
export type Recipient =
  | "author"
  /** every user of the enterprise a request is for (it may have been filed by staff on its behalf) */
  | "enterprise_users"
  | "cosigners"
  | "merged_authors"
  | "lead_unit"
  | "lead_head"
  | "co_units"
  | "assigned_units"
  | "new_units"
  | "actor_unit"
  | "objecting_units"
  | "supervisors"
  /** handlers and head of the unit a deadline belongs to (the sweeper's notices) */
  | "deadline_unit"
  /** the head of that unit (督办) */
  | "deadline_head";

export interface NotifyParams {
  template: string;
  to: Recipient[];
}
