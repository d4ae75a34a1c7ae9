import type { Kysely, Transaction } from "kysely";
import { type AnyMachineSnapshot, initialTransition, transition } from "xstate";
import type { StoredAttachment } from "../db/attachments";
import { loadCalendar } from "../db/calendar";
import { getCaseById, mergedIntoCase, refreshAssignmentFacts } from "../db/cases";
import { applyDeadlineOps, refreshNextDue } from "../db/deadlines";
import { appendEvent, caseWithHistoryTip } from "../db/events";
import { departmentMailboxes } from "../db/mail";
import { storedPolicies, storedPolicy } from "../db/policies";
import type { Case, CaseKind, Database } from "../db/schema";
import { indexCase, searchMayChange } from "../db/search";
import { settingsVersion } from "../db/settings-version";
import { usersByIds, usersOfDepartments, usersOfEnterprise, usersWithRole } from "../db/users";
import { enqueue, type OutboxMessage } from "../emails/outbox";
import { today as todayOf } from "./dates";
import { enterpriseKind } from "./enterprise";
import { CaseError, zodProblems } from "./errors";
import type { KindDefinition } from "./kinds";
import { checkPermission } from "./permissions";
import { proposalKind } from "./proposal";
import type { Actor, NotifyParams, Recipient } from "./types";

export const kinds: Record<CaseKind, KindDefinition> = {
  proposal: proposalKind,
  enterprise_request: enterpriseKind,
};

export function kindOf(kind: string): KindDefinition {
  // Own keys only: "constructor" or "__proto__" name no kind.
  const k = Object.hasOwn(kinds, kind) ? kinds[kind as CaseKind] : undefined;
  if (!k)
    throw new CaseError("validation_failed", "unknown_kind", {
      fields: { kind: { code: "invalid_option" } },
    });
  return k;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export async function policyFor(db: Kysely<Database>, k: KindDefinition) {
  return resolvePolicy(k, await storedPolicy(db, k.kind));
}

/** A kind's policy from what is stored for it: the defaults, overridden field by field. */
function resolvePolicy(k: KindDefinition, stored: unknown) {
  if (stored === undefined) return k.defaultPolicy;
  const parsed = k.policySchema.safeParse({ ...k.defaultPolicy, ...(stored as object) });
  return parsed.success ? parsed.data : k.defaultPolicy;
}

function restore(k: KindDefinition, row: Pick<Case, "snapshot">): AnyMachineSnapshot {
  const persisted = JSON.parse(row.snapshot);
  return k.machine.resolveState({ value: persisted.value, context: persisted.context });
}

function persist(k: KindDefinition, s: AnyMachineSnapshot): string {
  const p = k.machine.getPersistedSnapshot(s) as unknown as { value: unknown; context: unknown };
  return JSON.stringify({ value: p.value, context: p.context });
}

const stateName = (s: AnyMachineSnapshot) => String(s.value);

/**
 * The events this actor could send now: allowed by the permission table and accepted by the
 * machine in its current state and context. This is what the UI offers and the API reports.
 */
export function allowedEvents(
  k: KindDefinition,
  row: Pick<Case, "snapshot" | "author_id" | "enterprise_id">,
  actor: Actor,
  today: string,
) {
  const snap = restore(k, row);
  const relations = {
    authorId: row.author_id,
    enterpriseId: row.enterprise_id,
    units: k.units(snap.context),
  };
  const at = new Date().toISOString();
  return Object.keys(k.eventSchemas).filter((type) => {
    if (k.systemEvents.includes(type)) return false;
    if (checkPermission(k.permissions[type], actor, relations) !== "ok") return false;
    return snap.can({ type, ...k.probe(type), actor, today, at } as never);
  });
}

export interface DispatchInput {
  caseId: number;
  event: { type: string; expectedVersion?: number; [field: string]: unknown };
  actor: Actor;
}

export interface DispatchResult {
  case: Case;
  eventId: number;
  emitted: OutboxMessage[];
}

/**
 * Moves one case by one event, all in one transaction: permission, payload, transition,
 * versioned write, history, deadlines, outbox. The only writer of case state.
 * Visibility is the caller's concern (a case the actor may not see must answer 404 before this).
 */
export async function dispatch(
  db: Kysely<Database>,
  clock: Clock,
  input: DispatchInput,
): Promise<DispatchResult> {
  const { caseId, actor } = input;
  const { type, expectedVersion, ...rawPayload } = input.event;
  const nowDate = clock.now();
  const now = nowDate.toISOString();
  const today = todayOf(nowDate);

  // Read through the outer handle so the process-wide caches of the calendar and the policies
  // serve every dispatch; one read of the settings version tells whether they are current.
  const version = await settingsVersion(db);
  const cal = await loadCalendar(db, version);
  const policies = await storedPolicies(db, version);

  return db.transaction().execute(async (trx) => {
    // The case and the tip of its history in one read (the hash chain continues from it).
    const loaded = await caseWithHistoryTip(trx, caseId);
    if (!loaded) throw new CaseError("not_found", "case_not_found");
    const { row, tip } = loaded;
    const k = kindOf(row.kind);
    const before = restore(k, row);
    const stateBefore = stateName(before);
    const refuse = (code: "invalid_transition" | "version_conflict", reason: string) =>
      new CaseError(code, reason, {
        state: stateBefore,
        version: row.version,
        allowedEvents: allowedEvents(k, row, actor, today),
      });

    if (typeof type !== "string" || !Object.hasOwn(k.eventSchemas, type))
      throw new CaseError("validation_failed", "unknown_event", {
        fields: { type: { code: "invalid_option" } },
      });
    const verdict = checkPermission(k.permissions[type], actor, {
      authorId: row.author_id,
      enterpriseId: row.enterprise_id,
      units: k.units(before.context),
    });
    if (verdict !== "ok")
      throw new CaseError("forbidden", verdict === "role" ? "role_may_not" : "not_your_case");
    if (expectedVersion !== undefined && expectedVersion !== row.version)
      throw refuse("version_conflict", "stale_version");

    const parsed = k.eventSchemas[type].safeParse(rawPayload, { reportInput: true });
    if (!parsed.success)
      throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(parsed.error) });
    const payload = parsed.data as Record<string, unknown>;

    const policy = resolvePolicy(k, policies.get(k.kind));
    const check = {
      db: trx,
      caseId,
      ctx: before.context,
      state: stateBefore,
      payload,
      type,
      actor,
      today,
      cal,
      policy,
    };

    // Is the event possible at all now? (Ask before prechecks so a wrong-state event answers 409.)
    const probeEvent = { type, ...payload, ...k.probe(type), actor, today, at: now };
    if (!before.can(probeEvent as never)) throw refuse("invalid_transition", "not_allowed_now");

    const problems = await k.precheck(check);
    if (problems) throw new CaseError("validation_failed", "invalid_payload", { fields: problems });

    const enriched = await k.enrich(check);
    const event = { type, ...payload, ...enriched, actor, today, at: now };
    if (!before.can(event as never)) throw refuse("invalid_transition", "not_allowed_now");
    const [after, actions] = transition(k.machine, before, event as never);
    const stateAfter = stateName(after);

    const version = row.version + 1;
    const derived = k.derive(after.context, stateAfter);
    const stamps: Record<string, string> = {};
    if (stateAfter !== stateBefore) {
      const stampFor: Record<string, keyof Case> = {
        submitted: "submitted_at",
        accepted: "accepted_at",
        assigned: "assigned_at",
        replied: "replied_at",
      };
      const col = stampFor[stateAfter];
      if (col && (col === "replied_at" || !row[col])) stamps[col] = now;
      if (after.status === "done") stamps.closed_at = now;
    }
    const updated = await trx
      .updateTable("cases")
      .set({
        state: stateAfter,
        snapshot: persist(k, after),
        version,
        updated_at: now,
        ...derived,
        ...stamps,
      })
      .where("id", "=", caseId)
      .where("version", "=", row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      // Another transaction moved the case after we read it (PostgreSQL, READ COMMITTED): answer
      // with the case as it is now, not as we first read it, so the client can decide again.
      const current = (await getCaseById(trx, caseId)) ?? row;
      throw new CaseError("version_conflict", "concurrent_update", {
        state: stateName(restore(k, current)),
        version: current.version,
        allowedEvents: allowedEvents(k, current, actor, today),
      });
    }

    const recorded = await appendEvent(
      trx,
      {
        caseId,
        type,
        actorId: actor.userId,
        actorRole: actor.role,
        actorDepartmentId: actor.departmentId,
        payload: { ...payload, ...enriched },
        stateBefore,
        stateAfter,
        createdAt: now,
      },
      tip,
    );

    await k.project({ db: trx, caseId, before: before.context, after: after.context, event, now, today });
    // The inbox's copy of the case's kind, category and finish on its assignments: when the case
    // changes state (it may finish or reopen; a category is set at acceptance) or gains a unit.
    const unitsOf = (ctx: unknown) =>
      k
        .units(ctx as never)
        .map((u) => u.departmentId)
        .sort((a, b) => a - b)
        .join(",");
    if (stateAfter !== stateBefore || unitsOf(before.context) !== unitsOf(after.context))
      await refreshAssignmentFacts(trx, caseId);

    const ops = await k.planDeadlines({
      db: trx,
      caseId,
      before: before.context,
      after: after.context,
      afterState: stateAfter,
      event,
      today,
      cal,
      policy,
    });
    await applyDeadlineOps(trx, caseId, ops, today, now);
    // A paused case (the clock stopped while the submitter is asked) has nothing due. "Next due"
    // follows the deadlines and the pause alone: when neither moved it stands, and the case is
    // only read back; otherwise the write answers the case row as the transaction leaves it.
    const paused = after.hasTag("paused");
    const fresh =
      ops.length || paused !== before.hasTag("paused")
        ? await refreshNextDue(trx, caseId, paused)
        : (await getCaseById(trx, caseId))!;

    // Search: the case's words, released replies and parties as they are now (one row, replaced),
    // when this event may have changed them.
    if (searchMayChange(row, fresh, type, k.units(before.context), k.units(after.context)))
      await indexCase(trx, caseId);

    const notifications = (actions as Array<{ type: string; params?: unknown }>)
      .filter((a) => a.type === "notify")
      .map((a) => a.params as NotifyParams);
    const emitted = await outboxFor(trx, {
      k,
      row: fresh,
      before: before.context,
      after: after.context,
      actor,
      eventId: recorded.id,
      eventType: type,
      notifications,
      now,
    });
    return { case: fresh, eventId: recorded.id, emitted };
  });
}

/** Resolves a transition's notifications to people and writes them to the outbox. */
async function outboxFor(
  trx: Transaction<Database> | Kysely<Database>,
  p: {
    k: KindDefinition;
    row: Case;
    before: unknown;
    after: unknown;
    actor: Actor;
    eventId: number;
    eventType: string;
    notifications: NotifyParams[];
    now: string;
    /** the unit a deadline step concerns (recipients `deadline_unit`, `deadline_head`) */
    unitId?: number | null;
    /** extra facts for the mail (the deadline's type and date) */
    facts?: Record<string, unknown>;
    /** a notification produced outside working hours waits until then */
    notBefore?: string;
  },
): Promise<OutboxMessage[]> {
  const unitsAfter = p.k.units(p.after);
  const unitsBefore = p.k.units(p.before);
  const lead = unitsAfter.filter((u) => u.role === "lead").map((u) => u.departmentId);
  const co = unitsAfter.filter((u) => u.role === "co").map((u) => u.departmentId);
  const messages: OutboxMessage[] = [];
  for (const n of p.notifications) {
    const people = new Map<number, { id: number; email: string | null; locale: string }>();
    const add = (us: Array<{ id: number; email: string | null; locale: string }>) => {
      for (const u of us) if (u.id !== p.actor.userId) people.set(u.id, u);
    };
    // Notices to a whole unit also go to its shared mailbox (单位邮箱), if it has one.
    const mailboxUnits = new Set<number>();
    const toUnits = (ids: number[]) => {
      for (const id of ids) mailboxUnits.add(id);
      return ids;
    };
    for (const r of n.to as Recipient[]) {
      switch (r) {
        case "author":
          add(await usersByIds(trx, [p.row.author_id]));
          break;
        case "enterprise_users":
          if (p.row.enterprise_id !== null) add(await usersOfEnterprise(trx, p.row.enterprise_id));
          break;
        case "cosigners": {
          const ids = await trx
            .selectFrom("case_cosigners")
            .select("user_id")
            .where("case_id", "=", p.row.id)
            .execute();
          add(
            await usersByIds(
              trx,
              ids.map((i) => i.user_id),
            ),
          );
          break;
        }
        case "merged_authors": {
          const merged = await mergedIntoCase(trx, p.row.id);
          add(
            await usersByIds(
              trx,
              merged.map((m) => m.author_id),
            ),
          );
          break;
        }
        case "lead_unit":
          add(await usersOfDepartments(trx, toUnits(lead), ["handler", "dept_head"]));
          break;
        case "lead_head":
          add(await usersOfDepartments(trx, lead, ["dept_head"]));
          break;
        case "co_units":
          add(await usersOfDepartments(trx, toUnits(co), ["handler", "dept_head"]));
          break;
        case "assigned_units":
          add(await usersOfDepartments(trx, toUnits([...lead, ...co]), ["handler", "dept_head"]));
          break;
        case "new_units": {
          const had = new Set(unitsBefore.map((u) => u.departmentId));
          const fresh = unitsAfter.filter((u) => !had.has(u.departmentId)).map((u) => u.departmentId);
          add(await usersOfDepartments(trx, toUnits(fresh), ["handler", "dept_head"]));
          break;
        }
        case "objecting_units": {
          const ctx = p.before as { assignments?: Array<{ departmentId: number; objection: unknown }> };
          const ids = (ctx.assignments ?? []).filter((a) => a.objection).map((a) => a.departmentId);
          add(await usersOfDepartments(trx, toUnits(ids), ["handler", "dept_head"]));
          break;
        }
        case "actor_unit":
          if (p.actor.departmentId)
            add(await usersOfDepartments(trx, toUnits([p.actor.departmentId]), ["handler", "dept_head"]));
          break;
        case "supervisors":
          add(await usersWithRole(trx, "supervisor"));
          break;
        case "deadline_unit":
          if (p.unitId) add(await usersOfDepartments(trx, toUnits([p.unitId]), ["handler", "dept_head"]));
          break;
        case "deadline_head":
          if (p.unitId) add(await usersOfDepartments(trx, [p.unitId], ["dept_head"]));
          break;
      }
    }
    const payload = {
      caseId: p.row.id,
      kind: p.row.kind,
      title: p.row.title,
      number: p.row.number,
      sessionLabel: p.row.session_label,
      state: p.row.state,
      round: p.row.round,
      event: p.eventType,
      ...p.facts,
    };
    for (const u of people.values())
      messages.push({
        caseId: p.row.id,
        eventId: p.eventId,
        template: n.template,
        recipientUserId: u.id,
        recipientEmail: u.email,
        locale: u.locale,
        payload,
        dedupeKey: `event:${p.eventId}:${n.template}:${u.id}`,
      });
    // One mail per address: a mailbox shared by two units, or also a person's own, is written once.
    const addresses = new Set([...people.values()].map((u) => u.email?.trim().toLowerCase()).filter(Boolean));
    for (const box of await departmentMailboxes(trx, [...mailboxUnits])) {
      const address = box.email.trim().toLowerCase();
      if (addresses.has(address)) continue;
      addresses.add(address);
      messages.push({
        caseId: p.row.id,
        eventId: p.eventId,
        template: n.template,
        recipientUserId: null,
        recipientEmail: box.email.trim(),
        locale: "zh-CN",
        payload: { ...payload, departmentId: box.id },
        dedupeKey: `event:${p.eventId}:${n.template}:dept:${box.id}`,
      });
    }
  }
  await enqueue(trx, messages, p.now, p.notBefore);
  return messages;
}

export interface CreateInput {
  actor: Actor;
  input: Record<string, unknown>;
  /**
   * Files already checked and stored by the caller (never taken from the payload: a payload could
   * name any stored file by its hash). Their rows are written with the case.
   */
  attachments?: StoredAttachment[];
}

/** Opens a new case in its machine's initial state, with the first row of its history. */
export async function createCase(
  db: Kysely<Database>,
  clock: Clock,
  { actor, input, attachments = [] }: CreateInput,
): Promise<Case> {
  const k = kindOf(String(input.kind ?? ""));
  if (!k.creatorRoles.includes(actor.role) || actor.userId === null)
    throw new CaseError("forbidden", "role_may_not");
  const parsed = k.createSchema.safeParse(input, { reportInput: true });
  if (!parsed.success)
    throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(parsed.error) });
  const data = parsed.data as { title: string; body: string } & Record<string, unknown>;
  const now = clock.now().toISOString();
  const authorId = actor.userId;

  return db.transaction().execute(async (trx) => {
    const policy = await policyFor(trx, k);
    const problems = await k.precreate({ db: trx, data, actor, policy });
    if (problems) throw new CaseError("validation_failed", "invalid_payload", { fields: problems });
    const [snap] = initialTransition(k.machine, k.machineInput({ authorId, policy, data, actor }) as never);
    const state = stateName(snap);
    const inserted = await trx
      .insertInto("cases")
      .values({
        kind: k.kind,
        number: null,
        session_label: null,
        title: data.title,
        body: data.body,
        ...k.createColumns(data, actor),
        state,
        snapshot: persist(k, snap),
        version: 1,
        author_id: authorId,
        is_key: 0,
        merged_into_id: null,
        lead_department_id: null,
        next_due_date: null,
        next_due_type: null,
        classification: null,
        satisfaction: null,
        outcome: null,
        round: 1,
        objections_pending: 0,
        extension_requested_until: null,
        created_at: now,
        updated_at: now,
        submitted_at: state === "submitted" ? now : null,
        accepted_at: null,
        assigned_at: null,
        replied_at: null,
        closed_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await k.afterCreate({ db: trx, caseId: inserted.id, data, attachments, uploadedBy: authorId, now });
    await appendEvent(trx, {
      caseId: inserted.id,
      type: "CREATE",
      actorId: authorId,
      actorRole: actor.role,
      actorDepartmentId: actor.departmentId,
      // The files' hashes join the hash-chained history: what was attached cannot change unseen.
      payload: attachments.length
        ? {
            ...data,
            attachments: attachments.map((f) => ({ fileName: f.fileName, size: f.size, sha256: f.sha256 })),
          }
        : data,
      stateBefore: null,
      stateAfter: state,
      createdAt: now,
    });
    // Search: the new case is found from the moment it exists (by its author while a draft).
    await indexCase(trx, inserted.id);
    return (await getCaseById(trx, inserted.id))!;
  });
}

/** The deadline sweeper: not a person, not a unit. */
export const systemActor: Actor = { userId: null, role: "system", departmentId: null, enterpriseId: null };

export interface StepInput {
  caseId: number;
  /** the history event: DEADLINE_WARNING, DEADLINE_OVERDUE, DEADLINE_SUPERVISED, DEADLINE_LISTED, WINDOWS_LAPSED */
  type: string;
  payload: Record<string, unknown>;
  /**
   * Written first, in the same transaction: answers false when another run already holds this
   * step (a unique row), and then nothing is written at all.
   */
  claim(trx: Transaction<Database>): Promise<boolean>;
  /** writes that complete the step once its history row exists (e.g. deadlines that lapse) */
  apply?(trx: Transaction<Database>, eventId: number): Promise<void>;
  notify?: NotifyParams & { unitId: number | null; facts?: Record<string, unknown> };
  notBefore?: string;
  /** who recorded the step (a supervisor publishing a bulletin); the sweeper when absent */
  actor?: Actor;
}

/**
 * Records a step of deadline supervision that does not move the case: a pre-warning, an overdue
 * notice, a supervision notice, a listing for the bulletin, windows lapsing. Like dispatch it is
 * one transaction with a versioned write (a concurrent event wins or loses cleanly), a
 * hash-chained history row and outbox rows; unlike dispatch there is no transition to ask the
 * machine about, so it also serves closed cases whose follow-up commitments are still supervised.
 * Answers null when the step was already claimed.
 */
export async function recordStep(
  db: Kysely<Database>,
  clock: Clock,
  input: StepInput,
): Promise<{ eventId: number; emitted: OutboxMessage[] } | null> {
  const now = clock.now().toISOString();
  const held = new Error("claim held");
  try {
    return await db.transaction().execute(async (trx) => {
      // A claim that fails rolls back whatever it wrote.
      if (!(await input.claim(trx))) throw held;
      return await writeStep(trx, input, now);
    });
  } catch (e) {
    if (e === held) return null;
    throw e;
  }
}

/**
 * recordStep inside the caller's transaction, for a step that is one part of a larger write (a
 * bulletin's publication records one on every case it names). Answers null when the claim is
 * held; a version conflict throws and the caller's whole transaction rolls back.
 */
export async function recordStepIn(
  trx: Transaction<Database>,
  clock: Clock,
  input: StepInput,
): Promise<{ eventId: number; emitted: OutboxMessage[] } | null> {
  if (!(await input.claim(trx))) return null;
  return writeStep(trx, input, clock.now().toISOString());
}

async function writeStep(trx: Transaction<Database>, input: StepInput, now: string) {
  const row = await getCaseById(trx, input.caseId);
  if (!row) throw new CaseError("not_found", "case_not_found");
  const k = kindOf(row.kind);
  const updated = await trx
    .updateTable("cases")
    .set({ version: row.version + 1, updated_at: now })
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw new CaseError("version_conflict", "concurrent_update", {
      state: row.state,
      version: row.version,
    });
  const recorded = await appendEvent(trx, {
    caseId: row.id,
    type: input.type,
    actorId: input.actor?.userId ?? null,
    actorRole: input.actor?.role ?? "system",
    actorDepartmentId: input.actor?.departmentId ?? null,
    payload: input.payload,
    stateBefore: row.state,
    stateAfter: row.state,
    createdAt: now,
  });
  await input.apply?.(trx, recorded.id);
  if (!input.notify) return { eventId: recorded.id, emitted: [] };
  const fresh = (await getCaseById(trx, row.id))!;
  const ctx = restore(k, fresh).context;
  const emitted = await outboxFor(trx, {
    k,
    row: fresh,
    before: ctx,
    after: ctx,
    actor: systemActor,
    eventId: recorded.id,
    eventType: input.type,
    notifications: [{ template: input.notify.template, to: input.notify.to }],
    now,
    unitId: input.notify.unitId,
    facts: input.notify.facts,
    notBefore: input.notBefore,
  });
  return { eventId: recorded.id, emitted };
}
