import type { Kysely } from "kysely";
import type { AnyStateMachine } from "xstate";
import type { z } from "zod";
import type { StoredAttachment } from "../db/attachments";
import type { CaseKind, Database } from "../db/schema";
import type { WorkCalendar } from "./calendar";
import type { IsoDate } from "./dates";
import type { DeadlineOp } from "./deadlines";
import type { FieldProblems } from "./errors";
import type { EventPermission } from "./permissions";
import type { Actor } from "./types";

/** What the engine needs to know about one kind of case. Each kind lives in its own folder. */
export interface KindDefinition<Ctx = any, Policy = any> {
  kind: CaseKind;
  machine: AnyStateMachine;
  /** user-supplied payload per event type */
  eventSchemas: Record<string, z.ZodType>;
  permissions: Record<string, EventPermission>;
  /** events only the system (the sweeper) sends; never offered to people */
  systemEvents: string[];
  createSchema: z.ZodType;
  /** roles that may create a case of this kind */
  creatorRoles: Actor["role"][];
  policySchema: z.ZodType<Policy>;
  defaultPolicy: Policy;
  /** the machine's input for a new case, from the validated creation payload */
  machineInput(p: { authorId: number; policy: Policy; data: any; actor: Actor }): unknown;
  /** checks of a creation payload needing the database; per-field problems or null */
  precreate(p: {
    db: Kysely<Database>;
    data: any;
    actor: Actor;
    policy: Policy;
  }): Promise<FieldProblems | null>;
  /** kind-specific columns of the new case row */
  createColumns(
    data: any,
    actor: Actor,
  ): {
    measures: string | null;
    enterprise_id: number | null;
    category: string | null;
    theme: string | null;
    channel: string | null;
    priority: string | null;
  };
  /** rows to write beside the new case (co-signers, attachments) */
  afterCreate(p: {
    db: Kysely<Database>;
    caseId: number;
    data: any;
    /** files the caller checked and stored; their rows go in with the case */
    attachments: StoredAttachment[];
    uploadedBy: number;
    now: string;
  }): Promise<void>;
  /** department assignments as the machine holds them */
  units(ctx: Ctx): Array<{ departmentId: number; role: "lead" | "co" }>;
  /** checks needing the database or the calendar; returns per-field problems */
  precheck(p: EventCheck<Ctx, Policy>): Promise<FieldProblems | null>;
  /** fields the engine computes and adds to the event (numbers, windows) */
  enrich(p: EventCheck<Ctx, Policy>): Promise<Record<string, unknown>>;
  planDeadlines(p: {
    before: Ctx;
    after: Ctx;
    afterState: string;
    event: any;
    today: IsoDate;
    cal: WorkCalendar;
    policy: Policy;
    db: Kysely<Database>;
    caseId: number;
  }): Promise<DeadlineOp[]>;
  /** denormalised columns of `cases`, derived from the snapshot */
  derive(ctx: Ctx, state: string): Record<string, string | number | null>;
  /** side tables written from the event (replies, evaluations, assignments, draft text) */
  project(p: {
    db: Kysely<Database>;
    caseId: number;
    before: Ctx;
    after: Ctx;
    event: any;
    now: string;
    today: IsoDate;
  }): Promise<void>;
  /** the payload probe used to ask the machine whether an event is possible now */
  probe(type: string): Record<string, unknown>;
}

export interface EventCheck<Ctx, Policy> {
  db: Kysely<Database>;
  caseId: number;
  ctx: Ctx;
  state: string;
  payload: any;
  type: string;
  actor: Actor;
  today: IsoDate;
  cal: WorkCalendar;
  policy: Policy;
}
