// The meter: what X billed each profile per UTC day, counted from X's answers, and each
// profile's monthly budget. One call's resources are recorded in one transaction: the same-day
// dedup rows and the day's counts move together.
import { callMicros, fromMicros, type BilledCall, type BilledReadKind, type BilledWriteKind, type PriceTable } from '../../core/billing/prices.ts';
import { inTransaction } from '../tx.ts';
import type { Db, ProfileBilledUsageTable } from '../schema.ts';

type CountColumn = Exclude<keyof ProfileBilledUsageTable, 'profile_id' | 'day' | 'usd_micros'>;

const READ_COLUMN: Record<BilledReadKind, CountColumn> = {
  post: 'read_posts',
  ownedPost: 'read_owned_posts',
  user: 'read_users',
  dmEvent: 'read_dm_events',
  media: 'read_media',
};
const WRITE_COLUMN: Record<BilledWriteKind, CountColumn> = {
  post: 'write_posts',
  postWithUrl: 'write_posts_with_url',
  summonedReply: 'write_summoned_replies',
  dm: 'write_dms',
  media: 'write_media',
};

// Owned and ordinary reads of one post are one resource to X's dedup.
const dedupKey = (r: BilledCall['reads'][number]) => `${r.kind === 'ownedPost' ? 'post' : r.kind}:${r.id}`;

/** Records one call's bill; a resource already billed today is not billed again (as X). */
export async function recordBilledCall(db: Db, profileId: number, day: string, call: BilledCall, prices: PriceTable): Promise<void> {
  if (call.reads.length === 0 && call.write === null) return;
  await inTransaction(db, async (trx) => {
    const fresh = await freshReads(trx, profileId, day, call.reads);
    const billed: BilledCall = { reads: fresh, write: call.write };
    if (fresh.length === 0 && call.write === null) return;
    const counts = Object.fromEntries([...Object.values(READ_COLUMN), ...Object.values(WRITE_COLUMN)].map((c) => [c, 0])) as Record<CountColumn, number>;
    for (const r of fresh) counts[READ_COLUMN[r.kind]] += 1;
    if (call.write) counts[WRITE_COLUMN[call.write]] += 1;
    const micros = callMicros(billed, prices);
    await trx
      .insertInto('profile_billed_usage')
      .values({ profile_id: profileId, day, ...counts, usd_micros: micros })
      .onConflict((oc) =>
        oc.columns(['profile_id', 'day']).doUpdateSet((eb) => {
          const set: Record<string, unknown> = { usd_micros: eb('profile_billed_usage.usd_micros', '+', micros) };
          for (const [column, n] of Object.entries(counts)) if (n > 0) set[column] = eb(`profile_billed_usage.${column as CountColumn}`, '+', n);
          return set;
        }),
      )
      .execute();
  });
}

async function freshReads(trx: Db, profileId: number, day: string, reads: BilledCall['reads']): Promise<BilledCall['reads']> {
  if (reads.length === 0) return [];
  // Yesterday's dedup is over; its rows only cost space.
  await trx.deleteFrom('profile_billed_reads').where('profile_id', '=', profileId).where('day', '<', day).execute();
  const byKey = new Map(reads.map((r) => [dedupKey(r), r]));
  const fresh: BilledCall['reads'] = [];
  const keys = [...byKey.keys()];
  for (let i = 0; i < keys.length; i += 200) {
    const inserted = await trx
      .insertInto('profile_billed_reads')
      .values(keys.slice(i, i + 200).map((resource) => ({ profile_id: profileId, day, resource })))
      .onConflict((oc) => oc.doNothing())
      .returning('resource')
      .execute();
    for (const row of inserted) fresh.push(byKey.get(row.resource)!);
  }
  return fresh;
}

export interface UsageFigures {
  reads: number;
  writes: number;
  usd: number;
}

export interface UsageDetail extends UsageFigures {
  read: Record<BilledReadKind, number>;
  write: Record<BilledWriteKind, number>;
}

export interface ProfileUsage {
  today: UsageDetail;
  month: UsageDetail;
}

function emptyDetail(): UsageDetail {
  return {
    reads: 0,
    writes: 0,
    usd: 0,
    read: { post: 0, ownedPost: 0, user: 0, dmEvent: 0, media: 0 },
    write: { post: 0, postWithUrl: 0, summonedReply: 0, dm: 0, media: 0 },
  };
}

function addRow(detail: UsageDetail, row: Record<string, unknown>, micros: { value: number }): void {
  for (const [kind, column] of Object.entries(READ_COLUMN) as [BilledReadKind, CountColumn][]) {
    const n = Number(row[column] ?? 0);
    detail.read[kind] += n;
    detail.reads += n;
  }
  for (const [kind, column] of Object.entries(WRITE_COLUMN) as [BilledWriteKind, CountColumn][]) {
    const n = Number(row[column] ?? 0);
    detail.write[kind] += n;
    detail.writes += n;
  }
  micros.value += Number(row['usd_micros'] ?? 0);
  detail.usd = fromMicros(micros.value);
}

/** Today's and this month's usage (UTC) of each profile asked for. */
export async function usageOf(db: Db, profileIds: readonly number[], now: Date): Promise<Map<number, ProfileUsage>> {
  const day = now.toISOString().slice(0, 10);
  const monthStart = `${day.slice(0, 7)}-01`;
  const out = new Map<number, ProfileUsage>(profileIds.map((id) => [id, { today: emptyDetail(), month: emptyDetail() }]));
  if (profileIds.length === 0) return out;
  const rows = await db
    .selectFrom('profile_billed_usage')
    .selectAll()
    .where('profile_id', 'in', [...profileIds])
    .where('day', '>=', monthStart)
    .where('day', '<=', day)
    .execute();
  const micros = new Map<string, { value: number }>();
  const sum = (key: string) => micros.get(key) ?? micros.set(key, { value: 0 }).get(key)!;
  for (const row of rows) {
    const usage = out.get(row.profile_id);
    if (!usage) continue;
    addRow(usage.month, row, sum(`${row.profile_id}:m`));
    if (row.day === day) addRow(usage.today, row, sum(`${row.profile_id}:d`));
  }
  return out;
}

export async function budgetsOf(db: Db, profileIds: readonly number[]): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>(profileIds.map((id) => [id, null]));
  if (profileIds.length === 0) return out;
  const rows = await db.selectFrom('profile_budgets').selectAll().where('profile_id', 'in', [...profileIds]).execute();
  for (const row of rows) out.set(row.profile_id, row.monthly_budget_usd === null ? null : Number(row.monthly_budget_usd));
  return out;
}

export async function setBudget(db: Db, profileId: number, monthlyBudgetUsd: number | null, now: string): Promise<void> {
  await db
    .insertInto('profile_budgets')
    .values({ profile_id: profileId, monthly_budget_usd: monthlyBudgetUsd, changed_at: now })
    .onConflict((oc) => oc.column('profile_id').doUpdateSet({ monthly_budget_usd: monthlyBudgetUsd, changed_at: now }))
    .execute();
}
