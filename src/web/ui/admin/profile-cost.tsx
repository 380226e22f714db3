import type { FC } from 'hono/jsx';
import type { ProfileBilling } from '../../../core/billing/status.ts';
import type { UsageDetail } from '../../../db/repos/billing.ts';
import { formatUsd, t } from '../../../i18n/index.ts';
import { CsrfField, TextInput, Widget, formatTime, type Errors } from '../components.tsx';

// What a profile costs on X, on its page and in the list: this UTC day and month, what it was
// billed for, and the monthly budget that pauses reading when reached.

export const budgetUrl = (type: string, id: number) => `/admin/social-media-profiles/${type}/${id}/budget`;

// Looked up per request: the words are in the request's language.
const readLabels = (): Record<keyof UsageDetail['read'], string> => ({
  post: t('admin.profiles.cost.posts'),
  ownedPost: t('admin.profiles.cost.ownPosts'),
  user: t('admin.profiles.cost.users'),
  dmEvent: t('admin.profiles.cost.dmEvents'),
  media: t('admin.profiles.cost.media'),
});
const writeLabels = (): Record<keyof UsageDetail['write'], string> => ({
  post: t('admin.profiles.cost.posts'),
  postWithUrl: t('admin.profiles.cost.postsWithUrl'),
  summonedReply: t('admin.profiles.cost.replies'),
  dm: t('admin.profiles.cost.dms'),
  media: t('admin.profiles.cost.media'),
});

function breakdown<K extends string>(counts: Record<K, number>, labels: Record<K, string>): string {
  const parts = (Object.keys(labels) as K[]).filter((k) => counts[k] > 0).map((k) => t('admin.profiles.cost.part', { count: counts[k], what: labels[k] }));
  return parts.length ? parts.join(', ') : t('admin.profiles.cost.none');
}

/** "$1.23 this month" with the budget, for the list. */
export function costSummary(b: ProfileBilling): string {
  const month = formatUsd(b.usage.month.usd);
  return b.monthlyBudgetUsd === null ? t('admin.profiles.cost.thisMonth', { amount: month }) : t('admin.profiles.cost.ofBudget', { amount: month, budget: formatUsd(b.monthlyBudgetUsd) });
}

export const PausedNotice: FC<{ b: ProfileBilling | undefined }> = ({ b }) =>
  b?.reading.paused ? (
    <div class="flash warn budget-paused" role="status">
      {t('admin.profiles.cost.paused', { reason: b.reading.reason, at: formatTime(b.reading.resumesAt) })}
    </div>
  ) : null;

export const CostWidget: FC<{ type: string; id: number; b: ProfileBilling; csrf: string | null; errors: Errors; value?: string | undefined }> = ({ type, id, b, csrf, errors, value }) => (
  <Widget title={t('admin.profiles.cost.widget')} id="profile-cost">
    <dl class="cost-props">
      <dt>{t('admin.profiles.cost.today')}</dt>
      <dd>
        {formatUsd(b.usage.today.usd)} <span class="hint">{t('admin.profiles.cost.readWritten', { reads: b.usage.today.reads, writes: b.usage.today.writes })}</span>
      </dd>
      <dt>{t('admin.profiles.cost.month')}</dt>
      <dd>
        {formatUsd(b.usage.month.usd)} <span class="hint">{t('admin.profiles.cost.readWritten', { reads: b.usage.month.reads, writes: b.usage.month.writes })}</span>
      </dd>
      <dt>{t('admin.profiles.cost.readMonth')}</dt>
      <dd>{breakdown(b.detail.month.read, readLabels())}</dd>
      <dt>{t('admin.profiles.cost.sentMonth')}</dt>
      <dd>{breakdown(b.detail.month.write, writeLabels())}</dd>
    </dl>
    <form method="post" action={budgetUrl(type, id)} class="budget" novalidate>
      <CsrfField token={csrf} />
      <TextInput
        name="monthlyBudgetUsd"
        label={t('admin.profiles.cost.budget')}
        value={value ?? (b.monthlyBudgetUsd === null ? '' : String(b.monthlyBudgetUsd))}
        errors={errors}
        placeholder={t('admin.profiles.cost.budgetPlaceholder')}
        hint={t('admin.profiles.cost.budgetHint')}
      />
      <button type="submit">{t('admin.profiles.cost.saveBudget')}</button>
    </form>
  </Widget>
);
