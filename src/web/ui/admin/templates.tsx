import type { Hono } from 'hono';
import { TEMPLATE_TAGS } from '../../../core/templates/fill.ts';
import { saveTemplate } from '../../../core/templates/service.ts';
import { listQueues } from '../../../db/repos/queues.ts';
import { findTemplate, listTemplates, templateQueues } from '../../../db/repos/templates.ts';
import type { TemplateRow } from '../../../db/schema.ts';
import type { AppEnv } from '../../context.ts';
import { Badge, Field, FilterTable, formatTime, Select, TextInput, VALIDITY_OPTIONS, Widget, type Errors } from '../components.tsx';
import { adminPageRoutes, pageActor, type Ctx } from '../helpers.ts';
import { adminFormPage, adminListPage } from './frame.tsx';

// Admin → Templates (OTRS's "Templates" with "Templates ↔ Queues" on the same form): canned
// answers with variables, offered in the reply box of the queues they are linked to.

const MODULE = { base: '/admin/templates', addLabel: 'Add template', tableId: 'templates' };

async function listPage(c: Ctx) {
  const db = c.get('deps').db;
  const [templates, links, queues] = await Promise.all([listTemplates(db), templateQueues(db), listQueues(db)]);
  const queueName = new Map(queues.map((q) => [q.id, q.name]));
  return adminListPage(
    c,
    MODULE,
    'Templates',
    'Template Management',
    <FilterTable
      id="templates"
      headers={['Name', 'Queues', 'Comment', 'Validity', 'Changed']}
      empty="No templates yet. Add one, link it to queues, and it shows in their reply box."
      noMatch="No template matches the filter."
      rows={templates.map((t) => ({
        filter: t.name,
        invalid: t.validity !== 'valid',
        cells: [
          <a href={`/admin/templates/${t.id}`}>{t.name}</a>,
          (links.get(t.id) ?? []).map((q) => queueName.get(q) ?? String(q)).join(', ') || '—',
          t.comment ?? '',
          <Badge kind={t.validity}>{t.validity}</Badge>,
          formatTime(t.changed_at),
        ],
      }))}
    />,
  );
}

async function formPage(c: Ctx, template: TemplateRow | null, values: Record<string, string>, errors: Errors = {}) {
  const queues = await listQueues(c.get('deps').db);
  const title = template ? `Edit template: ${template.name}` : 'Add template';
  return adminFormPage(
    c,
    MODULE,
    title,
    errors,
    <>
      <Widget title={template ? 'Edit' : 'Add'}>
        <TextInput name="name" label="Name" value={values['name']} required errors={errors} />
        <Field name="body" label="Text" required errors={errors} hint="Variables are filled in when an agent picks the template (see the list below).">
          <textarea id="f-body" name="body" rows={6} required aria-invalid={errors['body'] ? 'true' : undefined} aria-describedby={errors['body'] ? 'e-body' : 'template-tags'}>
            {values['body'] ?? ''}
          </textarea>
        </Field>
        <TextInput name="comment" label="Comment" value={values['comment']} errors={errors} />
        <Select name="validity" label="Validity" value={values['validity'] ?? 'valid'} options={VALIDITY_OPTIONS} required errors={errors} />
      </Widget>
      <Widget title="Queues">
        <fieldset class={errors['queueIds'] ? 'checks error' : 'checks'}>
          <legend>Offered in the reply box of</legend>
          {queues.map((q) => (
            <label class="checkbox">
              <input type="checkbox" name={`queue_${q.id}`} value="1" checked={values[`queue_${q.id}`] === '1'} />
              {q.name}
              {q.validity !== 'valid' ? <span class="hint"> ({q.validity})</span> : null}
            </label>
          ))}
          {errors['queueIds'] ? (
            <p class="error-text" role="alert">
              {errors['queueIds']}
            </p>
          ) : null}
        </fieldset>
      </Widget>
      <Widget title="Variables" id="template-tags">
        <dl class="props">
          {Object.entries(TEMPLATE_TAGS).map(([tag, t]) => (
            <>
              <dt>
                <code>{`<${tag}>`}</code>
              </dt>
              <dd>{t.description}</dd>
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

async function valuesOf(c: Ctx, t: TemplateRow): Promise<Record<string, string>> {
  const queueIds = (await templateQueues(c.get('deps').db, [t.id])).get(t.id) ?? [];
  return {
    name: t.name,
    body: t.body,
    comment: t.comment ?? '',
    validity: t.validity,
    ...Object.fromEntries(queueIds.map((q) => [`queue_${q}`, '1'])),
  };
}

export function adminTemplateRoutes(app: Hono<AppEnv>): void {
  adminPageRoutes<TemplateRow>(app, {
    base: MODULE.base,
    noun: 'Template',
    find: (c, id) => findTemplate(c.get('deps').db, id),
    list: listPage,
    form: formPage,
    values: valuesOf,
    save: async (c, id, f) => (await saveTemplate(c.get('deps').db, pageActor(c).id, id, input(f))).name,
  });
}
