import type { FC } from 'hono/jsx';
import { ACTIONS } from '../../../core/options/actions.ts';
import { LINK_TYPES } from '../../../core/tickets/relations.ts';
import { ActionPanel } from './zoom-parts.tsx';
import type { ZoomData } from './zoom-data.ts';

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
        Merged into <a href={`/tickets/${into.ticket.id}`}>Ticket#{into.ticket.number}</a>: its messages and the customer's later ones are there.
      </p>
    ) : null;
  }
  // The first message of the ticket stays: splitting it off would leave the ticket empty.
  const splittable = d.articles.filter((_a, i) => d.offset + i > 0);
  return (
    <>
      {o.actions.has(ACTIONS.split) && splittable.length ? (
        <ActionPanel label="Split" action={`${base}/split`} csrf={csrf}>
          <label for="split-article">Move this message and all later ones into a new ticket</label>
          <select id="split-article" name="articleId" required>
            {[...splittable].reverse().map((a) => (
              <option value={String(a.id)}>
                {a.from_display || 'Note'}: {excerpt(a.body)}
              </option>
            ))}
          </select>
        </ActionPanel>
      ) : null}
      {o.actions.has(ACTIONS.merge) ? (
        <ActionPanel label="Merge" action={`${base}/merge`} csrf={csrf}>
          <label for="merge-target">Merge this ticket into Ticket#</label>
          <input id="merge-target" name="target" required inputmode="numeric" autocomplete="off" placeholder="ticket number" />
          <p class="hint">This ticket becomes "merged"; its messages and the customer's later ones go to the other ticket.</p>
        </ActionPanel>
      ) : null}
      {o.actions.has(ACTIONS.link) ? (
        <ActionPanel label="Link" action={`${base}/link`} csrf={csrf}>
          <label for="link-target">Link with Ticket#</label>
          <input id="link-target" name="target" required inputmode="numeric" autocomplete="off" placeholder="ticket number" />
          <label for="link-type">Link type</label>
          <select id="link-type" name="type">
            {LINK_TYPES.map((t) => (
              <option value={t}>{t === 'ParentChild' ? 'Parent of the other ticket (ParentChild)' : 'Normal'}</option>
            ))}
          </select>
        </ActionPanel>
      ) : null}
    </>
  );
};
