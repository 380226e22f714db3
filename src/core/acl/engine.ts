// Filtering an option list through the deployed ACLs: Znuny's TicketAcl() (Kernel/System/Ticket/
// TicketACL.pm) for one list at a time, on precompiled ACLs.
//
// Which text an ACL value is compared with. TicketAcl() compares change values with the option's
// value ($Data{$ID}), so for queues, states, priorities, actions … ACLs name what the agent sees
// ('Raw', 'open', 'AgentTicketClose'). Where options are identified by id, Znuny's callers hand
// TicketAcl() `id => id` instead: dynamic fields ("convert possible values key => value to key =>
// key for ACLs", AgentTicketPhone and friends) and processes ("As ACLs should work only against
// entities", AgentTicketProcess). Parley always passes `id → label`, so it makes the same choice
// here: by key for Ticket fields ending in "ID" (the seed names TwitterProfileID '1') or starting
// with "DynamicField_", and for Process and ActivityDialog; by label otherwise. `compareBy` overrides.

import { listKey, type AclSet, type CompiledChangeList, type CompiledCondition, type ListPlan, type PlanEntry } from './compile.ts';
import { matchesProperty, matchesText } from './match.ts';
import { ACL_SUPERUSER_ID, type AclProperties, type PropertyValue } from './types.ts';

export type CompareBy = 'key' | 'label';

export interface AclContext {
  readonly acls: AclSet;
  /** What the screen shows now (a queue chosen in the form overrides the ticket's). */
  readonly properties?: AclProperties;
  /** The ticket as stored. */
  readonly propertiesDatabase?: AclProperties;
  /** The agent asking; user 1 (root@localhost) is never restricted. */
  readonly userId?: number;
}

export interface FilterOptionsInput extends AclContext {
  /** 'Ticket', 'Action', 'Process', 'ActivityDialog'. */
  readonly returnType: string;
  /** The ticket field for returnType 'Ticket': 'Queue', 'State', 'TwitterProfileID', 'DynamicField_X', … */
  readonly returnSubType?: string;
  /** option id → label, as offered to the agent. */
  readonly data: Readonly<Record<string, string>>;
  readonly compareBy?: CompareBy;
}

export function defaultCompareBy(returnType: string, returnSubType?: string): CompareBy {
  if (returnType === 'Process' || returnType === 'ActivityDialog') return 'key';
  if (returnType === 'Ticket' && returnSubType && (returnSubType.endsWith('ID') || returnSubType.startsWith('DynamicField_'))) {
    return 'key';
  }
  return 'label';
}

/** The options that remain of `data`, in its order. Never an option the caller did not offer. */
export function filterOptions(input: FilterOptionsInput): Record<string, string> {
  if (input.returnType === 'Ticket' && !input.returnSubType) throw new Error('returnSubType is required for returnType Ticket');
  const { data } = input;
  const ids = Object.keys(data);
  const byKey = (input.compareBy ?? defaultCompareBy(input.returnType, input.returnSubType)) === 'key';
  const subjects = byKey ? ids : ids.map((id) => data[id] as string);
  const alive = survivors(input, listKey(input.returnType, input.returnSubType), subjects);
  const out: Record<string, string> = {};
  for (let i = 0; i < ids.length; i++) {
    if (alive === null || alive[i]) {
      const id = ids[i] as string;
      out[id] = data[id] as string;
    }
  }
  return out;
}

export interface AllowedActionsInput extends AclContext {
  /** Screen and button names, e.g. AgentTicketClose. */
  readonly actions: readonly string[];
}

/** The screens and buttons that remain after Possible/PossibleAdd/PossibleNot → Action. */
export function allowedActions(input: AllowedActionsInput): string[] {
  const alive = survivors(input, listKey('Action'), input.actions);
  return alive === null ? [...input.actions] : input.actions.filter((_, i) => alive[i] === 1);
}

/**
 * One flag per subject (1 = still offered), or null when no ACL touched the list. The flags live in
 * the plan's scratch: read them before the next request.
 */
function survivors(ctx: AclContext, key: string, subjects: readonly string[]): Uint8Array | null {
  if (ctx.userId === ACL_SUPERUSER_ID) return null;
  const plan = ctx.acls.byList.get(key);
  if (!plan) return null;
  const req = begin(plan, ctx, subjects);
  const n = subjects.length;
  const alive = plan.scratch.alive;
  let touched = false;
  for (const acl of plan.entries) {
    if (!entryMatches(req, acl)) continue;
    if (!touched) {
      alive.fill(1, 0, n);
      touched = true;
    }
    // Each step reads the caller's original list: Possible keeps what it names (undoing earlier
    // PossibleNots), PossibleAdd brings back what it names, PossibleNot removes what it names.
    const named = plan.scratch.listNamed;
    if (acl.possible >= 0) {
      const at = namedBy(req, acl.possible);
      for (let i = 0; i < n; i++) alive[i] = named[at + i] as number;
    }
    if (acl.possibleAdd >= 0) {
      const at = namedBy(req, acl.possibleAdd);
      for (let i = 0; i < n; i++) if (named[at + i]) alive[i] = 1;
    }
    if (acl.possibleNot >= 0) {
      const at = namedBy(req, acl.possibleNot);
      for (let i = 0; i < n; i++) if (named[at + i]) alive[i] = 0;
    }
    // Znuny stops only after an ACL used a rule for the list asked; every entry here has one.
    if (acl.stopAfterMatch) break;
  }
  return touched ? alive : null;
}

/** One request's view of a plan. */
interface Request {
  readonly plan: ListPlan;
  readonly p: AclProperties;
  readonly d: AclProperties;
  readonly subjects: readonly string[];
  readonly epoch: number;
}

function begin(plan: ListPlan, ctx: AclContext, subjects: readonly string[]): Request {
  const s = plan.scratch;
  if (s.epoch === 0xffffffff) {
    s.conditionStamp.fill(0);
    s.listStamp.fill(0);
    s.epoch = 0;
  }
  s.epoch++;
  const n = subjects.length;
  if (s.alive.length < n) s.alive = new Uint8Array(n * 2);
  if (s.listNamed.length < plan.lists.length * n) s.listNamed = new Uint8Array(plan.lists.length * n * 2);
  return { plan, p: ctx.properties ?? {}, d: ctx.propertiesDatabase ?? {}, subjects, epoch: s.epoch };
}

/**
 * Where in scratch.listNamed the flags of change list `id` start (one per subject: does the list
 * name it?), worked out on first use in this request.
 */
function namedBy(req: Request, id: number): number {
  const s = req.plan.scratch;
  const n = req.subjects.length;
  const at = id * n;
  if (s.listStamp[id] !== req.epoch) {
    const list = req.plan.lists[id] as CompiledChangeList;
    for (let i = 0; i < n; i++) s.listNamed[at + i] = names(list, req.subjects[i] as string) ? 1 : 0;
    s.listStamp[id] = req.epoch;
  }
  return at;
}

function names(list: CompiledChangeList, s: string): boolean {
  if (list.exact.has(s)) return true;
  for (const m of list.others) if (matchesText(m, s)) return true;
  return false;
}

/**
 * Both condition sets must match; a set the ACL lacks takes the other's result, and an ACL with
 * neither matches always. (A present set that names no attribute never matches, Znuny's $MatchTry;
 * compileAcls leaves such ACLs out.) Znuny also skips every ACL when it gathered no data at all
 * (`%Checks || %ChecksDatabase`); its screens always pass at least Frontend.Action, so Parley does
 * not copy that corner.
 */
function entryMatches(req: Request, acl: PlanEntry): boolean {
  if (acl.always) return true;
  if (acl.hasProperties && !allHold(req, acl.properties)) return false;
  if (acl.hasPropertiesDatabase && !allHold(req, acl.propertiesDatabase)) return false;
  return true;
}

function allHold(req: Request, ids: readonly number[]): boolean {
  const s = req.plan.scratch;
  for (const id of ids) {
    if (s.conditionStamp[id] !== req.epoch) {
      s.conditionHolds[id] = holds(req.plan.conditions[id] as CompiledCondition, req) ? 1 : 0;
      s.conditionStamp[id] = req.epoch;
    }
    if (!s.conditionHolds[id]) return false;
  }
  return true;
}

/** Values of one key are OR-ed. */
function holds(c: CompiledCondition, req: Request): boolean {
  const primary = c.database ? req.d : req.p;
  const other = c.database ? req.p : req.d;
  const value: PropertyValue = (primary[c.group] ?? (c.shared ? other[c.group] : undefined))?.[c.attr];
  for (const m of c.matchers) if (matchesProperty(m, value)) return true;
  return false;
}
