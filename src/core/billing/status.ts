// A profile's cost as pages and the API show it: today's and this month's billed usage, the
// budget, and whether reading is paused by it.
import { budgetsOf, usageOf, type ProfileUsage, type UsageFigures } from '../../db/repos/billing.ts';
import type { Db } from '../../db/schema.ts';
import { t } from '../../i18n/index.ts';
import { readingDecision, type BudgetDecision } from './budget.ts';

export interface ProfileBilling {
  usage: { today: UsageFigures; month: UsageFigures };
  detail: ProfileUsage;
  monthlyBudgetUsd: number | null;
  reading: BudgetDecision;
}

const figures = (u: UsageFigures): UsageFigures => ({ reads: u.reads, writes: u.writes, usd: u.usd });

export async function profileBilling(db: Db, profileIds: readonly number[], now: Date): Promise<Map<number, ProfileBilling>> {
  const [usage, budgets] = await Promise.all([usageOf(db, profileIds, now), budgetsOf(db, profileIds)]);
  const out = new Map<number, ProfileBilling>();
  for (const id of profileIds) {
    const detail = usage.get(id)!;
    const monthlyBudgetUsd = budgets.get(id) ?? null;
    out.set(id, {
      usage: { today: figures(detail.today), month: figures(detail.month) },
      detail,
      monthlyBudgetUsd,
      reading: readingDecision({ monthlyBudgetUsd, monthUsd: detail.month.usd }, now),
    });
  }
  return out;
}

/** A budget as given by an administrator: null (none) or dollars and cents, 0 to 1,000,000. */
export function checkBudget(value: unknown): { ok: true; value: number | null } | { ok: false; message: string } {
  if (value === null) return { ok: true, value: null };
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, message: t('validation.budgetNumber') };
  if (value < 0 || value > 1_000_000) return { ok: false, message: t('validation.budgetRange') };
  if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return { ok: false, message: t('validation.budgetCents') };
  return { ok: true, value };
}
