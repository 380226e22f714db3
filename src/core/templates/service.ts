import { isUniqueViolation } from '../../db/errors.ts';
import { findCustomer, identitiesOf } from '../../db/repos/customers.ts';
import { findAgent } from '../../db/repos/agents.ts';
import { listQueues } from '../../db/repos/queues.ts';
import { findTemplate, findTemplateByKey, setTemplateQueues, templatesOfQueue } from '../../db/repos/templates.ts';
import type { Db, TemplateRow, TicketRow } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import { conflict, ErrorCollector, invalid, notFound } from '../errors.ts';
import { optionalText, requiredName } from '../names.ts';
import { nowIso } from '../time.ts';
import { isValidity } from '../validity.ts';
import { fillTemplate, type TemplateContext } from './fill.ts';
import { t } from '../../i18n/index.ts';

export const TEMPLATE_BODY_MAX = 10_000;

export interface TemplateInput {
  name?: unknown;
  body?: unknown;
  comment?: unknown;
  validity?: unknown;
  queueIds?: unknown;
}

function parseQueueIds(v: unknown): number[] {
  if (!Array.isArray(v) || v.length > 1000 || !v.every((x) => Number.isInteger(x) && (x as number) > 0)) {
    throw invalid('queueIds', t('validation.queueIds', { field: 'queueIds' }));
  }
  return [...new Set(v as number[])];
}

function parseBody(v: unknown): string {
  if (typeof v !== 'string' || !v.trim()) throw invalid('body', t('validation.required', { label: t('validation.label.text') }));
  if ([...v].length > TEMPLATE_BODY_MAX) throw invalid('body', t('validation.maxLength', { label: t('validation.label.text'), max: TEMPLATE_BODY_MAX }));
  if (v.includes('\0')) throw invalid('body', t('validation.nul', { label: t('validation.label.text') }));
  return v.trim();
}

/** Creates (id null) or updates a template and its queues in one transaction; every field's error at once. */
export async function saveTemplate(db: Db, actorId: number, id: number | null, input: TemplateInput, now = nowIso()): Promise<TemplateRow> {
  return inTransaction(db, async (trx) => {
    const existing = id === null ? undefined : await findTemplate(trx, id);
    if (id !== null && !existing) throw notFound(t('errors.noun.template', { id }));
    const errors = new ErrorCollector();
    const name = input.name === undefined && existing ? existing.name : errors.check(() => requiredName('name', input.name, t('validation.label.name')));
    const body = input.body === undefined && existing ? existing.body : errors.check(() => parseBody(input.body));
    const comment = input.comment === undefined ? (existing?.comment ?? null) : errors.check(() => optionalText('comment', input.comment, t('validation.label.comment')));
    const validity = input.validity === undefined ? (existing?.validity ?? 'valid') : input.validity;
    if (!isValidity(validity)) errors.add('validity', t('validation.validity'));
    const queueIds = input.queueIds === undefined ? undefined : errors.check(() => parseQueueIds(input.queueIds));
    if (queueIds?.length) {
      const known = new Set((await listQueues(trx)).map((q) => q.id));
      const missing = queueIds.find((q) => !known.has(q));
      if (missing !== undefined) errors.add('queueIds', t('errors.notFound', { what: t('errors.noun.queue', { id: missing }) }));
    }
    errors.throwIfAny();
    const nameKey = name!.toLowerCase();
    const clash = await findTemplateByKey(trx, nameKey);
    if (clash && clash.id !== id) throw conflict('name', t('errors.template.exists', { name: clash.name }));
    const values = { name: name!, name_key: nameKey, body: body!, comment: comment ?? null, validity: validity as string, changed_at: now, changed_by: actorId };
    try {
      const row = existing
        ? (await trx.updateTable('templates').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow())
        : await trx.insertInto('templates').values({ ...values, created_at: now, created_by: actorId }).returningAll().executeTakeFirstOrThrow();
      if (queueIds) await setTemplateQueues(trx, row.id, queueIds);
      return row;
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('name', t('errors.template.exists', { name }));
      throw e;
    }
  });
}

/** What the variables of a ticket stand for, as the answering agent sees them. */
export async function templateContext(db: Db, ticket: TicketRow, agentId: number): Promise<TemplateContext> {
  const [agent, identities, customer] = await Promise.all([
    findAgent(db, agentId),
    ticket.customer_id ? identitiesOf(db, [ticket.customer_id]) : Promise.resolve([]),
    ticket.customer_id ? findCustomer(db, ticket.customer_id) : Promise.resolve(undefined),
  ]);
  const identity = identities[0];
  return {
    customer: identity ? { name: identity.display_name, handle: identity.handle } : customer ? { name: customer.name, handle: '' } : null,
    ticket: { number: ticket.number, title: ticket.title },
    agent: { firstName: agent?.first_name ?? '', lastName: agent?.last_name ?? '', login: agent?.login ?? '' },
  };
}

/** The filled-in text of a template for a ticket; only templates of the ticket's queue, and valid ones. */
export async function fillTemplateFor(db: Db, ticket: TicketRow, agentId: number, templateId: number): Promise<{ template: TemplateRow; text: string }> {
  const template = (await templatesOfQueue(db, ticket.queue_id)).find((t) => t.id === templateId);
  if (!template) throw notFound(t('errors.noun.templateForTicketQueue', { id: templateId }), 'templateId');
  return { template, text: fillTemplate(template.body, await templateContext(db, ticket, agentId)) };
}
