import type { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { AclImportError, deployAcls, exportAcls, importAcls, listAcls, type AclDeployState, type AclStatus, type AclView } from '../../../core/acl-admin/index.ts';
import { AppError } from '../../../core/errors.ts';
import type { AppEnv } from '../../context.ts';
import { Actions, Badge, CsrfField, FilterBox, Flash, Widget, formatTime } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, flashFrom, pageActor, type Ctx } from '../helpers.ts';
import { t } from '../../../i18n/index.ts';
import { validityText } from './frame.tsx';
import { ACL_URL, aclEditRoutes, exportFileName, MAX_FILE_BYTES, yamlDownload } from './acl-edit.tsx';

// Admin module "Access Control Lists (ACL)" (OTRS's AdminACL, MISSION A3): the list with its
// filter, import of an OTRS YAML export, export, and "Deploy ACLs". Edits are drafts until deployed;
// the list marks what a deploy would change.

const stateLabel = (state: AclDeployState): string | null =>
  state === 'new' ? t('admin.acl.stateNew') : state === 'changed' ? t('admin.acl.stateChanged') : state === 'removed' ? t('admin.acl.stateRemoved') : null;

const SyncBanner: FC<{ status: AclStatus; count: number; token: string | null }> = ({ status, count, token }) => {
  const d = status.deployment;
  if (status.inSync) {
    if (!d) return null;
    return (
      <div class="flash ok acl-sync" role="status">
        {t('admin.acl.inSync', { by: d.deployedBy, at: formatTime(d.deployedAt) })}
      </div>
    );
  }
  const what = d
    ? t('admin.acl.notInSync', { count: status.pending.length + status.orphans.length, by: d.deployedBy, at: formatTime(d.deployedAt) })
    : t('admin.acl.notDeployed', { count });
  return (
    <div class="flash warn acl-sync" role="status">
      <form method="post" action={`${ACL_URL}/deploy`} class="inline-form">
        <CsrfField token={token} />
        <span>{what}</span>
        <button type="submit" class="small">
          {t('admin.acl.deploy')}
        </button>
      </form>
    </div>
  );
};

function sidebar(token: string | null) {
  const importForm = (
    <form method="post" action={`${ACL_URL}/import`} enctype="multipart/form-data" class="acl-import">
      <CsrfField token={token} />
      <p class="acl-import-title">{t('admin.acl.importTitle')}</p>
      <label for="acl-file">{t('admin.acl.importFile')}</label>
      <input id="acl-file" type="file" name="file" accept=".yml,.yaml,application/yaml,text/yaml" required />
      <label class="checkbox">
        <input type="checkbox" name="overwrite" value="1" /> {t('admin.acl.overwrite')}
      </label>
      <button type="submit" class="secondary">
        {t('admin.acl.importTitle')}
      </button>
    </form>
  );
  const deployForm = (
    <form method="post" action={`${ACL_URL}/deploy`}>
      <CsrfField token={token} />
      <button type="submit">{t('admin.acl.deploy')}</button>
    </form>
  );
  return (
    <>
      <Actions
        items={[
          { href: `${ACL_URL}/new`, label: t('admin.acl.create') },
          { href: `${ACL_URL}/export`, label: t('admin.acl.exportAll') },
        ]}
        extra={
          <div class="acl-actions">
            {deployForm}
            {importForm}
          </div>
        }
      />
      <FilterBox tableId="acls" label={t('admin.acl.filter')} />
      <Widget title={t('admin.frame.hint')}>
        <p class="hint">{t('admin.acl.hintDrafts')}</p>
        <p class="hint">{t('admin.acl.hintOrder')}</p>
        <p class="hint">{t('admin.acl.hintDocs', { file: 'docs/acl.md' })}</p>
      </Widget>
    </>
  );
}

async function listPage(c: Ctx, problems: { message: string; lines: string[] } | null = null): Promise<Response> {
  const { items, status } = await listAcls(c.get('deps').db);
  const token = csrf(c);
  return c.html(
    <Page title={t('admin.acl.title')} actor={pageActor(c)} csrf={token} nav="admin" sidebar={sidebar(token)}>
      <h1>{t('admin.acl.heading')}</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      {problems ? <ImportProblems message={problems.message} lines={problems.lines} /> : null}
      <SyncBanner status={status} count={items.length} token={token} />
      <Widget title={t('admin.acl.list')} flush>
        <table class="list" id="acls">
          <thead>
            <tr>
              <th>{t('admin.frame.name')}</th>
              <th>{t('admin.frame.comment')}</th>
              <th>{t('admin.frame.validity')}</th>
              <th>{t('admin.acl.deployment')}</th>
              <th>{t('admin.frame.changedBy')}</th>
              <th>{t('admin.frame.changed')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <AclRow acl={a} />
            ))}
            {items.length === 0 ? (
              <tr>
                <td colspan={6} class="empty">
                  {t('admin.acl.empty')}
                </td>
              </tr>
            ) : null}
            <tr class="no-match" hidden>
              <td colspan={6} class="empty">
                {t('admin.acl.noMatch')}
              </td>
            </tr>
          </tbody>
        </table>
      </Widget>
      {status.orphans.length ? <p class="hint">{t('admin.acl.orphans', { names: status.orphans.join(', ') })}</p> : null}
    </Page>,
  );
}

const AclRow: FC<{ acl: AclView }> = ({ acl }) => {
  const label = stateLabel(acl.state);
  return (
    <tr data-filter={`${acl.record.Name} ${acl.record.Comment}`} class={acl.validity === 'valid' ? '' : 'invalid'} data-state={acl.state}>
      <td>
        <a href={`${ACL_URL}/${acl.id}`}>{acl.record.Name}</a>
      </td>
      <td>{acl.record.Comment}</td>
      <td>
        <Badge kind={acl.validity}>{validityText(acl.validity)}</Badge>
      </td>
      <td>{label ? <Badge kind="pending">{label}</Badge> : <span class="muted">{acl.state === 'deployed' ? t('admin.acl.inEffect') : t('admin.acl.notInEffect')}</span>}</td>
      <td>{acl.record.ChangeBy ?? ''}</td>
      <td>{acl.record.ChangeTime ? acl.record.ChangeTime.slice(0, 16) : ''}</td>
    </tr>
  );
};

const ImportProblems: FC<{ message: string; lines: string[] }> = ({ message, lines }) => (
  <div class="flash error" role="alert">
    <p class="acl-problem-head">{message}</p>
    {lines.length ? (
      <ul class="acl-problems">
        {lines.map((l): Child => (
          <li>{l}</li>
        ))}
      </ul>
    ) : null}
  </div>
);

async function importFromForm(c: Ctx): Promise<Response> {
  const body = await c.req.parseBody();
  const file = body['file'];
  const problem = (message: string, lines: string[] = []) => {
    c.status(400);
    return listPage(c, { message, lines });
  };
  if (!(file instanceof File) || file.size === 0) return problem(t('admin.acl.chooseFile'));
  if (file.size > MAX_FILE_BYTES) return problem(t('admin.acl.tooLarge'));
  try {
    const result = await importAcls(c.get('deps').db, pageActor(c), await file.text(), { overwrite: body['overwrite'] === '1' });
    const parts = [result.added.length ? t('admin.acl.importAdded', { names: result.added.join(', ') }) : '', result.updated.length ? t('admin.acl.importUpdated', { names: result.updated.join(', ') }) : ''].filter(Boolean);
    const message = parts.length ? t('admin.acl.imported', { parts: parts.join('; ') }) : t('admin.acl.importEmpty');
    return c.redirect(`${ACL_URL}?saved=${encodeURIComponent(message)}`, 303);
  } catch (e) {
    if (e instanceof AclImportError) return problem(t('admin.acl.importFailed', { file: file.name }), e.message.split('\n'));
    if (e instanceof AppError && e.code !== 'forbidden') return problem(e.message);
    throw e;
  }
}

export function adminAclRoutes(app: Hono<AppEnv>): void {
  app.get(ACL_URL, (c) => listPage(c));
  app.post(`${ACL_URL}/import`, importFromForm);
  app.get(`${ACL_URL}/export`, async (c) => yamlDownload(c, await exportAcls(c.get('deps').db), exportFileName()));
  app.post(`${ACL_URL}/deploy`, async (c) => {
    const d = await deployAcls(c.get('deps').db, pageActor(c));
    const message = t('admin.acl.deployed', { count: d.names.length });
    return c.redirect(`${ACL_URL}?saved=${encodeURIComponent(message)}`, 303);
  });
  aclEditRoutes(app);
}
