import { conflict, invalid, notFound } from '../errors.ts';
import { t } from '../../i18n/index.ts';

// The decisions behind split, merge and link, apart from the database so they can be table-tested.

export const LINK_TYPES = ['Normal', 'ParentChild'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export interface TicketFacts {
  id: number;
  stateType: string;
}

/** OTRS refuses to merge a ticket into itself, and to merge from or into a merged or removed one. */
export function checkMerge(source: TicketFacts, target: TicketFacts): void {
  if (source.id === target.id) throw invalid('targetTicketId', t('errors.ticket.mergeSelf'));
  if (source.stateType === 'merged') throw conflict('id', t('errors.ticket.mergedAlready'));
  if (target.stateType === 'merged' || target.stateType === 'removed') {
    throw invalid('targetTicketId', t('errors.ticket.mergeTargetMerged', { stateType: target.stateType }));
  }
}

/**
 * Which articles a split moves into the new ticket: the chosen one and every later one. The first
 * article cannot be split off (the old ticket would be left empty: that is a move, not a split).
 */
export function planSplit(articleIds: readonly number[], articleId: number): number[] {
  const at = articleIds.indexOf(articleId);
  if (at < 0) throw notFound(t('errors.noun.article', { id: articleId }), 'articleId');
  if (at === 0) throw invalid('articleId', t('errors.ticket.splitFirst'));
  return articleIds.slice(at);
}

export function parseLinkType(v: unknown): LinkType {
  if (typeof v === 'string' && (LINK_TYPES as readonly string[]).includes(v)) return v as LinkType;
  throw invalid('type', t('validation.linkType', { list: LINK_TYPES.join(', ') }));
}

export interface ExistingLink {
  source: number;
  target: number;
  type: string;
}

/** A link is refused to the ticket itself and when the two are linked already (either direction). */
export function checkLink(sourceId: number, targetId: number, existing: readonly ExistingLink[]): void {
  if (sourceId === targetId) throw invalid('targetTicketId', t('errors.ticket.linkSelf'));
  const linked = existing.find((l) => (l.source === sourceId && l.target === targetId) || (l.source === targetId && l.target === sourceId));
  if (linked) throw conflict('targetTicketId', t('errors.ticket.linkedAlready', { type: linked.type }));
}

/** Follows merge pointers to the ticket that lives on (chains are short; a loop is cut). */
export function mergeTarget(id: number, mergedInto: ReadonlyMap<number, number>): number {
  const seen = new Set<number>();
  let at = id;
  while (mergedInto.has(at) && !seen.has(at)) {
    seen.add(at);
    at = mergedInto.get(at)!;
  }
  return at;
}
