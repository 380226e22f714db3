import type { FC } from 'hono/jsx';
import { formatUsd } from '../../../core/billing/outbound.ts';
import type { ProfileBilling } from '../../../core/billing/status.ts';
import type { UsageDetail } from '../../../db/repos/billing.ts';
import { CsrfField, TextInput, Widget, formatTime, type Errors } from '../components.tsx';

// What a profile costs on X, on its page and in the list: this UTC day and month, what it was
// billed for, and the monthly budget that pauses reading when reached.

export const budgetUrl = (type: string, id: number) => `/admin/social-media-profiles/${type}/${id}/budget`;

const READ_LABELS: Record<keyof UsageDetail['read'], string> = { post: 'posts', ownedPost: 'own posts', user: 'users', dmEvent: 'DM events', media: 'media' };
const WRITE_LABELS: Record<keyof UsageDetail['write'], string> = { post: 'posts', postWithUrl: 'posts with a link', summonedReply: 'replies', dm: 'DMs', media: 'media' };

function breakdown<K extends string>(counts: Record<K, number>, labels: Record<K, string>): string {
  const parts = (Object.keys(labels) as K[]).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${labels[k]}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** "$1.23 this month" with the budget, for the list. */
export function costSummary(b: ProfileBilling): string {
  const month = formatUsd(b.usage.month.usd);
  return b.monthlyBudgetUsd === null ? `${month} this month` : `${month} of ${formatUsd(b.monthlyBudgetUsd)}`;
}

export const PausedNotice: FC<{ b: ProfileBilling | undefined }> = ({ b }) =>
  b?.reading.paused ? (
    <div class="flash warn budget-paused" role="status">
      {b.reading.reason} Reading resumes {formatTime(b.reading.resumesAt)} UTC, or as soon as the budget is raised.
    </div>
  ) : null;

export const CostWidget: FC<{ type: string; id: number; b: ProfileBilling; csrf: string | null; errors: Errors; value?: string | undefined }> = ({ type, id, b, csrf, errors, value }) => (
  <Widget title="Cost on X" id="profile-cost">
    <dl class="cost-props">
      <dt>Today (UTC)</dt>
      <dd>
        {formatUsd(b.usage.today.usd)} <span class="hint">({b.usage.today.reads} read, {b.usage.today.writes} written)</span>
      </dd>
      <dt>This month</dt>
      <dd>
        {formatUsd(b.usage.month.usd)} <span class="hint">({b.usage.month.reads} read, {b.usage.month.writes} written)</span>
      </dd>
      <dt>Read this month</dt>
      <dd>{breakdown(b.detail.month.read, READ_LABELS)}</dd>
      <dt>Sent this month</dt>
      <dd>{breakdown(b.detail.month.write, WRITE_LABELS)}</dd>
    </dl>
    <form method="post" action={budgetUrl(type, id)} class="budget" novalidate>
      <CsrfField token={csrf} />
      <TextInput
        name="monthlyBudgetUsd"
        label="Monthly budget (US$)"
        value={value ?? (b.monthlyBudgetUsd === null ? '' : String(b.monthlyBudgetUsd))}
        errors={errors}
        placeholder="none"
        hint="When this month's cost reaches it, Parley stops reading X for this profile until the 1st (UTC); replies still go out. Empty: no budget."
      />
      <button type="submit">Save budget</button>
    </form>
  </Widget>
);
