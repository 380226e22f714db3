// Deployed ACL records → an AclSet built once: valid ACLs only, in Znuny's order, every value
// compiled, and one plan per option list (Ticket/Queue, Ticket/TwitterProfileID, Action, …) that
// holds only the ACLs with a rule for that list. Leaving the others out is exact, not a heuristic:
// an ACL without a rule for the list asked cannot change it, and Znuny's StopAfterMatch fires only
// after an ACL used a rule for that list ($UseNewParams), so such an ACL cannot stop the run either.
// Within a plan, equal conditions and equal change lists are numbered once, so a request evaluates
// each of them at most once however many ACLs repeat them.

import { compileMatcher, MatcherKind, type Matcher } from './match.ts';
import { compareCodePoints } from './order.ts';
import { CHANGE_KINDS, type AclChangeSet, type AclConditions, type AclRecord, type ChangeKind } from './types.ts';

export interface CompiledCondition {
  readonly group: string;
  readonly attr: string;
  /** Read from PropertiesDatabase (else Properties). */
  readonly database: boolean;
  /** Znuny fills User and Frontend identically into both condition sets (_GetChecks). */
  readonly shared: boolean;
  readonly matchers: readonly Matcher[];
}

export interface CompiledChangeList {
  /** Texts that match by equality: exact values, and positive regex values taken literally. */
  readonly exact: ReadonlySet<string>;
  /** Values that need a regex or a negation. */
  readonly others: readonly Matcher[];
}

/** One ACL as it takes part in one list's plan; numbers index the plan's tables, -1 is none. */
export interface PlanEntry {
  readonly name: string;
  readonly stopAfterMatch: boolean;
  /** No conditions at all: Znuny's $ForceMatch. */
  readonly always: boolean;
  readonly hasProperties: boolean;
  readonly hasPropertiesDatabase: boolean;
  readonly properties: readonly number[];
  readonly propertiesDatabase: readonly number[];
  readonly possible: number;
  readonly possibleAdd: number;
  readonly possibleNot: number;
}

export interface ListPlan {
  /** The ACLs with a rule for this list, in run order. */
  readonly entries: readonly PlanEntry[];
  readonly conditions: readonly CompiledCondition[];
  readonly lists: readonly CompiledChangeList[];
  /** Working memory reused by every request on this plan (see engine.ts). */
  readonly scratch: Scratch;
}

/**
 * What one request has worked out, kept between requests so that filtering allocates nothing in
 * proportion to the number of ACLs (large typed arrays live outside V8's heap and are slow to
 * allocate). An entry counts only if its stamp equals the current epoch. Requests are synchronous
 * and never re-entered, so one scratch per plan is enough; results never depend on it.
 */
export interface Scratch {
  epoch: number;
  readonly conditionStamp: Uint32Array;
  /** 1 holds, 0 fails (valid when stamped). */
  readonly conditionHolds: Uint8Array;
  readonly listStamp: Uint32Array;
  /** Per change list, one flag per option: does the list name it? Grows with the options. */
  listNamed: Uint8Array;
  /** One flag per option: still offered? Grows with the options. */
  alive: Uint8Array;
}

export interface AclSet {
  /** Names of the deployed ACLs in the order they run. */
  readonly names: readonly string[];
  /** list key (see listKey) → plan. */
  readonly byList: ReadonlyMap<string, ListPlan>;
}

/** The identity of an option list: Ticket fields by name, the other return types as a whole. */
export function listKey(returnType: string, returnSubType?: string): string {
  return returnType === 'Ticket' ? `Ticket\u0000${returnSubType ?? ''}` : returnType;
}

type Rules = Map<string, Partial<Record<ChangeKind, readonly string[]>>>;

export function compileAcls(records: readonly AclRecord[]): AclSet {
  const deployed = records.filter((r) => r.ValidID === 1).sort((a, b) => compareCodePoints(a.Name, b.Name));
  const builders = new Map<string, PlanBuilder>();
  deployed.forEach((r, i) => {
    if (i > 0 && deployed[i - 1]?.Name === r.Name) throw new Error(`ACL "${r.Name}" is deployed twice`);
    try {
      if (!canEverMatch(r)) return;
      for (const [key, lists] of rulesOf(r.ConfigChange ?? {})) {
        let b = builders.get(key);
        if (!b) builders.set(key, (b = new PlanBuilder()));
        b.add(r, lists);
      }
    } catch (e) {
      throw new Error(`ACL "${r.Name}": ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return { names: deployed.map((r) => r.Name), byList: new Map([...builders].map(([k, b]) => [k, b.plan()])) };
}

const hasData = (c: AclConditions | undefined): c is AclConditions => !!c && Object.keys(c).length > 0;
const attributeCount = (c: AclConditions): number => Object.values(c).reduce((n, g) => n + Object.keys(g ?? {}).length, 0);

/**
 * A set that is present but names no attribute (e.g. `Properties: { User: {} }`) leaves Znuny's
 * $MatchTry at 0, and the ACL never applies; neither does one whose other set is missing.
 */
function canEverMatch(r: AclRecord): boolean {
  const p = r.ConfigMatch?.Properties;
  const d = r.ConfigMatch?.PropertiesDatabase;
  return !(hasData(p) && attributeCount(p) === 0) && !(hasData(d) && attributeCount(d) === 0);
}

function rulesOf(change: Partial<Record<ChangeKind, AclChangeSet>>): Rules {
  const rules: Rules = new Map();
  const put = (key: string, kind: ChangeKind, values: readonly string[]): void => {
    rules.set(key, { ...rules.get(key), [kind]: values });
  };
  for (const kind of CHANGE_KINDS) {
    for (const [type, value] of Object.entries(change[kind] ?? {})) {
      if (type === 'Ticket') {
        // Znuny tests `$Step{Possible}->{Ticket}->{$SubType}`: any list counts, an empty one too.
        for (const [sub, values] of Object.entries(value as Record<string, string[]>)) put(listKey('Ticket', sub), kind, values);
      } else if (Array.isArray(value) && value.length > 0) {
        // Action, Process, ActivityDialog need IsArrayRefWithData: an empty list is ignored.
        put(listKey(type), kind, value);
      }
    }
  }
  return rules;
}

class PlanBuilder {
  private readonly entries: PlanEntry[] = [];
  private readonly conditions: CompiledCondition[] = [];
  private readonly conditionIds = new Map<string, number>();
  private readonly lists: CompiledChangeList[] = [];
  private readonly listIds = new Map<string, number>();

  add(r: AclRecord, rule: Partial<Record<ChangeKind, readonly string[]>>): void {
    const p = r.ConfigMatch?.Properties;
    const d = r.ConfigMatch?.PropertiesDatabase;
    this.entries.push({
      name: r.Name,
      stopAfterMatch: r.StopAfterMatch === 1,
      always: !hasData(p) && !hasData(d),
      hasProperties: hasData(p),
      hasPropertiesDatabase: hasData(d),
      properties: this.conditionsOf(p, false),
      propertiesDatabase: this.conditionsOf(d, true),
      possible: this.list(rule.Possible),
      possibleAdd: this.list(rule.PossibleAdd),
      possibleNot: this.list(rule.PossibleNot),
    });
  }

  plan(): ListPlan {
    const c = this.conditions.length;
    const l = this.lists.length;
    return {
      entries: this.entries,
      conditions: this.conditions,
      lists: this.lists,
      scratch: {
        epoch: 0,
        conditionStamp: new Uint32Array(c),
        conditionHolds: new Uint8Array(c),
        listStamp: new Uint32Array(l),
        listNamed: new Uint8Array(l * 8),
        alive: new Uint8Array(8),
      },
    };
  }

  private conditionsOf(conds: AclConditions | undefined, database: boolean): number[] {
    const ids: number[] = [];
    for (const group of Object.keys(conds ?? {}).sort(compareCodePoints)) {
      const attrs = conds?.[group as keyof AclConditions] ?? {};
      for (const attr of Object.keys(attrs).sort(compareCodePoints)) {
        const values = attrs[attr] ?? [];
        const key = JSON.stringify([database, group, attr, values]);
        let id = this.conditionIds.get(key);
        if (id === undefined) {
          id = this.conditions.length;
          this.conditions.push({ group, attr, database, shared: group === 'User' || group === 'Frontend', matchers: values.map(compileMatcher) });
          this.conditionIds.set(key, id);
        }
        ids.push(id);
      }
    }
    return ids;
  }

  private list(values: readonly string[] | undefined): number {
    if (!values) return -1;
    const key = JSON.stringify(values);
    let id = this.listIds.get(key);
    if (id === undefined) {
      id = this.lists.length;
      this.lists.push(compileChangeList(values));
      this.listIds.set(key, id);
    }
    return id;
  }
}

function compileChangeList(values: readonly string[]): CompiledChangeList {
  const exact = new Set<string>();
  const others: Matcher[] = [];
  for (const v of values) {
    const m = compileMatcher(v);
    if (m.kind === MatcherKind.Exact || m.kind === MatcherKind.RegExp) exact.add(m.raw);
    if (m.kind !== MatcherKind.Exact) others.push(m);
  }
  return { exact, others };
}
