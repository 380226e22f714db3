import type { FC } from 'hono/jsx';
import { ACTIONS } from '../../../core/options/actions.ts';
import { LINK_TYPES } from '../../../core/tickets/relations.ts';
import { ActionPanel } from './zoom-parts.tsx';
import type { ZoomData } from './zoom-data.ts';
import { t } from '../../../i18n/index.ts';

// Split, Merge and Link in the zoom's action menu, each only when the ACLs leave its screen.

const excerpt = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return [...line].length > 60 ? `${[...line].slice(0, 59).join('')}…` : line;
};

export const RelationPanels: FC<{ d: ZoomData; csrf: string | null }> = ({ d, csrf }) => {
  const o = d.options;
  const base = `/tickets/${d.ticket.id}`;
  if (d.ticket.state_type === 'merged') {
    const into = d.links.find((l) => l.type === 'ParentChild' && l.relation === 'continues');
    return into ? (
      <p class="merged-into">
        {t('zoom.merged.before')}
        <a href={`/tickets/${into.ticket.id}`}>Ticket#{into.ticket.number}</a>
        {t('zoom.merged.after')}
      </p>
    ) : null;
  }
  // The first message of the ticket stays: splitting it off would leave the ticket empty.
  const splittable = d.articles.filter((_a, i) => d.offset + i > 0);
  return (
    <>
      {o.actions.has(ACTIONS.split) && splittable.length ? (
        <ActionPanel label={t('zoom.split.title')} action={`${base}/split`} csrf={csrf}>
          <label for="split-article">{t('zoom.split.label')}</label>
          <select id="split-article" name="articleId" required>
            {[...splittable].reverse().map((a) => (
              <option value={String(a.id)}>
                {a.from_display || t('zoom.split.note')}: {excerpt(a.body)}
              </option>
            ))}
          </select>
        </ActionPanel>
      ) : null}
      {o.actions.has(ACTIONS.merge) ? (
        <ActionPanel label={t('zoom.merge.title')} action={`${base}/merge`} csrf={csrf}>
          <label for="merge-target">{t('zoom.merge.label')}</label>
          <input id="merge-target" name="target" required inputmode="numeric" autocomplete="off" placeholder={t('zoom.relations.numberPlaceholder')} />
          <p class="hint">{t('zoom.merge.hint', { merged: t('common.state.merged') })}</p>
        </ActionPanel>
      ) : null}
      {o.actions.has(ACTIONS.link) ? (
        <ActionPanel label={t('zoom.link.title')} action={`${base}/link`} csrf={csrf}>
          <label for="link-target">{t('zoom.link.label')}</label>
          <input id="link-target" name="target" required inputmode="numeric" autocomplete="off" placeholder={t('zoom.relations.numberPlaceholder')} />
          <label for="link-type">{t('zoom.link.type')}</label>
          <select id="link-type" name="type">
            {LINK_TYPES.map((type) => (
              <option value={type}>{type === 'ParentChild' ? t('zoom.link.parentChild') : t('zoom.link.normal')}</option>
            ))}
          </select>
        </ActionPanel>
      ) : null}
    </>
  );
};
