import { readingDecision, type BudgetDecision } from '../core/billing/budget.ts';
import { budgetsOf, usageOf } from '../db/repos/billing.ts';
import { clockOf, type Deps } from '../deps.ts';

/** Whether a profile may read now: its budget against what X billed it this UTC month. */
export async function readingBudget(deps: Pick<Deps, 'db' | 'clock'>, profileId: number): Promise<BudgetDecision> {
  const now = clockOf(deps);
  const budget = (await budgetsOf(deps.db, [profileId])).get(profileId) ?? null;
  if (budget === null) return { paused: false };
  const usage = (await usageOf(deps.db, [profileId], now)).get(profileId);
  return readingDecision({ monthlyBudgetUsd: budget, monthUsd: usage?.month.usd ?? 0 }, now);
}
