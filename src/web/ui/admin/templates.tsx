import type { Hono } from 'hono';
import { TEMPLATE_TAGS } from '../../../core/templates/fill.ts';
import { saveTemplate } from '../../../core/templates/service.ts';
import { listQueues } from '../../../db/repos/queues.ts';
import { findTemplate, listTemplates, templateQueues } from '../../../db/repos/templates.ts';
import type { TemplateRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { t } from '../../../i18n/index.ts';
import { Badge, Field, FilterTable, formatTime, Select, TextInput, Widget, type Errors } from '../components.tsx';
import { adminPageRoutes, pageActor, type Ctx } from '../helpers.ts';
import { adminFormPage, adminListPage, validityOptions, validityText } from './frame.tsx';

// Admin → Templates (OTRS's "Templates" with "Templates ↔ Queues" on the same form): canned
// answers with variables, offered in the reply box of the queues they are linked to.

const MODULE = { base: '/admin/templates', addLabel: () => t('admin.templates.add'), tableId: 'templates' };

async function listPage(c: Ctx) {
  const db = c.get('deps').db;
  const [templates, links, queues] = await Promise.all([listTemplates(db), templateQueues(db), listQueues(db)]);
  const queueName = new Map(queues.map((q) => [q.id, q.name]));
  return adminListPage(
    c,
    MODULE,
    t('admin.templates.title'),
    t('admin.templates.heading'),
    <FilterTable
      id="templates"
      headers={[t('admin.frame.name'), t('admin.templates.queues'), t('admin.frame.comment'), t('admin.frame.validity'), t('admin.frame.changed')]}
      empty={t('admin.templates.empty')}
      noMatch={t('admin.templates.noMatch')}
      rows={templates.map((tp) => ({
        filter: tp.name,
        invalid: tp.validity !== 'valid',
        cells: [
          <a href={`/admin/templates/${tp.id}`}>{tp.name}</a>,
          (links.get(tp.id) ?? []).map((q) => queueName.get(q) ?? String(q)).join(', ') || '—',
          tp.comment ?? '',
          <Badge kind={tp.validity}>{validityText(tp.validity)}</Badge>,
          formatTime(tp.changed_at),
        ],
      }))}
    />,
  );
}

async function formPage(c: Ctx, template: TemplateRow | null, values: Record<string, string>, errors: Errors = {}) {
  const queues = await listQueues(c.get('deps').db);
  const title = template ? t('admin.templates.editTitle', { name: template.name }) : t('admin.templates.add');
  return adminFormPage(
    c,
    MODULE,
    title,
    errors,
    <>
      <Widget title={template ? t('admin.frame.edit') : t('admin.frame.add')}>
        <TextInput name="name" label={t('admin.frame.name')} value={values['name']} required errors={errors} />
        <Field name="body" label={t('admin.templates.text')} required errors={errors} hint={t('admin.templates.textHint')}>
          <textarea id="f-body" name="body" rows={6} required aria-invalid={errors['body'] ? 'true' : undefined} aria-describedby={errors['body'] ? 'e-body' : 'template-tags'}>
            {values['body'] ?? ''}
          </textarea>
        </Field>
        <TextInput name="comment" label={t('admin.frame.comment')} value={values['comment']} errors={errors} />
        <Select name="validity" label={t('admin.frame.validity')} value={values['validity'] ?? 'valid'} options={validityOptions()} required errors={errors} />
      </Widget>
      <Widget title={t('admin.templates.queues')}>
        <fieldset class={errors['queueIds'] ? 'checks error' : 'checks'}>
          <legend>{t('admin.templates.offeredIn')}</legend>
          {queues.map((q) => (
            <label class="checkbox">
              <input type="checkbox" name={`queue_${q.id}`} value="1" checked={values[`queue_${q.id}`] === '1'} />
              {q.name}
              {q.validity !== 'valid' ? <span class="hint"> ({validityText(q.validity)})</span> : null}
            </label>
          ))}
          {errors['queueIds'] ? (
            <p class="error-text" role="alert">
              {errors['queueIds']}
            </p>
          ) : null}
        </fieldset>
      </Widget>
      <Widget title={t('admin.templates.variables')} id="template-tags">
        <dl class="props">
          {Object.keys(TEMPLATE_TAGS).map((tag) => (
            <>
              <dt>
                <code translate="no">{`<${tag}>`}</code>
              </dt>
              <dd>{t(`admin.templates.tags.${tag}`)}</dd>
            </>
          ))}
        </dl>
      </Widget>
    </>,
  );
}

function input(f: Record<string, string>) {
  const queueIds = Object.entries(f)
    .filter(([k, v]) => /^queue_\d+$/.test(k) && v === '1')
    .map(([k]) => Number(k.slice(6)));
  return { name: f['name'], body: f['body'], comment: f['comment'], validity: f['validity'], queueIds };
}

async function valuesOf(c: Ctx, tp: TemplateRow): Promise<Record<string, string>> {
  const queueIds = (await templateQueues(c.get('deps').db, [tp.id])).get(tp.id) ?? [];
  return {
    name: tp.name,
    body: tp.body,
    comment: tp.comment ?? '',
    validity: tp.validity,
    ...Object.fromEntries(queueIds.map((q) => [`queue_${q}`, '1'])),
  };
}

export function adminTemplateRoutes(app: Hono<AppEnv>): void {
  adminPageRoutes<TemplateRow>(app, {
    base: MODULE.base,
    noun: () => t('admin.templates.noun'),
    find: (c, id) => findTemplate(c.get('deps').db, id),
    list: listPage,
    form: formPage,
    values: valuesOf,
    save: async (c, id, f) => (await saveTemplate(c.get('deps').db, pageActor(c).id, id, input(f))).name,
  });
}
