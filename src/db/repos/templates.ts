import type { Db, TemplateRow } from '../schema.ts';

export function listTemplates(db: Db): Promise<TemplateRow[]> {
  return db.selectFrom('templates').selectAll().orderBy('name').execute();
}

export function findTemplate(db: Db, id: number): Promise<TemplateRow | undefined> {
  return db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTemplateByKey(db: Db, nameKey: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('templates').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
}

/** Queue ids per template id, for the given templates (all when omitted). */
export async function templateQueues(db: Db, templateIds?: readonly number[]): Promise<Map<number, number[]>> {
  if (templateIds && templateIds.length === 0) return new Map();
  let q = db.selectFrom('template_queues').select(['template_id', 'queue_id']).orderBy('queue_id');
  if (templateIds) q = q.where('template_id', 'in', [...templateIds]);
  const out = new Map<number, number[]>();
  for (const r of await q.execute()) out.set(r.template_id, [...(out.get(r.template_id) ?? []), r.queue_id]);
  return out;
}

export async function setTemplateQueues(db: Db, templateId: number, queueIds: readonly number[]): Promise<void> {
  await db.deleteFrom('template_queues').where('template_id', '=', templateId).execute();
  if (queueIds.length) await db.insertInto('template_queues').values(queueIds.map((queue_id) => ({ template_id: templateId, queue_id }))).execute();
}

/** The valid templates linked to a queue, by name (what the reply box offers). */
export function templatesOfQueue(db: Db, queueId: number): Promise<TemplateRow[]> {
  return db
    .selectFrom('templates')
    .innerJoin('template_queues', 'template_queues.template_id', 'templates.id')
    .selectAll('templates')
    .where('template_queues.queue_id', '=', queueId)
    .where('templates.validity', '=', 'valid')
    .orderBy('templates.name')
    .execute();
}
