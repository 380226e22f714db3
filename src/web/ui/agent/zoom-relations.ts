import { invalid, notFound } from '../../../core/errors.ts';
import { ACTIONS } from '../../../core/options/actions.ts';
import { linkTicket, mergeTicket, splitTicket } from '../../../core/tickets/merge.ts';
import { findTicketByNumber } from '../../../db/repos/tickets.ts';
import type { Db } from '../../../db/schema.ts';
import { handler, type Run } from './zoom-actions.ts';
import { t } from '../../../i18n/index.ts';

// The zoom's Merge, Link and Split forms. They name the other ticket by its number, as agents
// know it; the services check permissions, lock and ACLs as for the API.

async function targetByNumber(db: Db, value: string | undefined): Promise<number> {
  const number = (value ?? '').trim().replace(/^(Ticket)?#/i, '');
  if (!number) throw invalid('targetTicketId', t('zoom.error.targetMissing'));
  if (!/^\d{1,32}$/.test(number)) throw invalid('targetTicketId', t('zoom.error.targetDigits'));
  const found = await findTicketByNumber(db, number);
  if (!found) throw notFound(t('errors.noun.ticketNumber', { number }), 'targetTicketId');
  return found.id;
}

const merge: Run = async ({ deps, actor, ticket, f }) => {
  const target = await mergeTicket(deps.db, actor, ticket.id, await targetByNumber(deps.db, f['target']));
  return { message: t('zoom.done.merged', { number: ticket.number }), goTo: target.id };
};

const link: Run = async ({ deps, actor, ticket, f }) => {
  const { target, type } = await linkTicket(deps.db, actor, ticket.id, { targetTicketId: await targetByNumber(deps.db, f['target']), type: f['type'] || 'Normal' });
  return { message: t('zoom.done.linked', { number: target.number, type }), anchor: 'links' };
};

const split: Run = async ({ deps, actor, ticket, f }) => {
  const articleId = Number(f['articleId']);
  if (!Number.isInteger(articleId) || articleId <= 0) throw invalid('articleId', t('zoom.error.splitArticle'));
  const created = await splitTicket(deps.db, actor, ticket.id, articleId);
  return { message: t('zoom.done.split', { number: ticket.number }), goTo: created.id };
};

export const relationActions = {
  merge: handler(ACTIONS.merge, merge),
  link: handler(ACTIONS.link, link),
  split: handler(ACTIONS.split, split),
};
