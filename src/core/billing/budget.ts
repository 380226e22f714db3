// A profile's monthly budget: once this month's billed cost reaches it, reading pauses (replies
// still go out, they answer customers already waiting). A new month or a higher budget resumes it.

export interface BudgetInput {
  /** Null: no budget. */
  monthlyBudgetUsd: number | null;
  /** What the profile's calls cost this UTC month so far. */
  monthUsd: number;
}

export type BudgetDecision = { paused: false } | { paused: true; reason: string; resumesAt: string };

/** The first instant of the next UTC month, when the month's count starts again at zero. */
export function nextMonthStart(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}

export function readingDecision(input: BudgetInput, now: Date): BudgetDecision {
  const budget = input.monthlyBudgetUsd;
  if (budget === null) return { paused: false };
  // Micro-dollars: float sums of $0.005 must not fall a hair short of the budget.
  if (Math.round(input.monthUsd * 1e6) < Math.round(budget * 1e6)) return { paused: false };
  return {
    paused: true,
    reason: `Reading is paused: this month's X cost ($${input.monthUsd.toFixed(2)}) reached the budget of $${budget.toFixed(2)}. Replies still go out.`,
    resumesAt: nextMonthStart(now),
  };
}
