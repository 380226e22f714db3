import type { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { AclImportError, deployAcls, exportAcls, importAcls, listAcls, type AclDeployState, type AclStatus, type AclView } from '../../../core/acl-admin/index.ts';
import { AppError } from '../../../core/errors.ts';
import type { AppEnv } from '../../context.ts';
import { Actions, Badge, CsrfField, FilterBox, Flash, Widget, formatTime } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, flashFrom, pageActor, type Ctx } from '../helpers.ts';
import { ACL_URL, aclEditRoutes, exportFileName, MAX_FILE_BYTES, yamlDownload } from './acl-edit.tsx';

// Admin module "Access Control Lists (ACL)" (OTRS's AdminACL, MISSION A3): the list with its
// filter, import of an OTRS YAML export, export, and "Deploy ACLs". Edits are drafts until deployed;
// the list marks what a deploy would change.

const STATE_LABEL: Record<AclDeployState, string | null> = {
  deployed: null,
  new: 'new: not deployed',
  changed: 'changed since deploy',
  removed: 'invalid: still in effect until deployed',
  inactive: null,
};

const SyncBanner: FC<{ status: AclStatus; count: number; token: string | null }> = ({ status, count, token }) => {
  const d = status.deployment;
  if (status.inSync) {
    if (!d) return null;
    return (
      <div class="flash ok acl-sync" role="status">
        {`ACLs are in sync: the ACLs in effect are the ones below (deployed by ${d.deployedBy}, ${formatTime(d.deployedAt)}).`}
      </div>
    );
  }
  const what = d
    ? `ACLs are not in sync: ${status.pending.length + status.orphans.length} change${status.pending.length + status.orphans.length === 1 ? '' : 's'} since the last deploy (by ${d.deployedBy}, ${formatTime(d.deployedAt)}).`
    : `ACLs are not deployed: ${count === 1 ? 'the ACL below is a draft and has' : 'the ACLs below are drafts and have'} no effect yet.`;
  return (
    <div class="flash warn acl-sync" role="status">
      <form method="post" action={`${ACL_URL}/deploy`} class="inline-form">
        <CsrfField token={token} />
        <span>{what}</span>
        <button type="submit" class="small">
          Deploy ACLs
        </button>
      </form>
    </div>
  );
};

function sidebar(token: string | null) {
  const importForm = (
    <form method="post" action={`${ACL_URL}/import`} enctype="multipart/form-data" class="acl-import">
      <CsrfField token={token} />
      <p class="acl-import-title">Import ACL</p>
      <label for="acl-file">ACL file (OTRS YAML export)</label>
      <input id="acl-file" type="file" name="file" accept=".yml,.yaml,application/yaml,text/yaml" required />
      <label class="checkbox">
        <input type="checkbox" name="overwrite" value="1" /> Overwrite existing ACLs?
      </label>
      <button type="submit" class="secondary">
        Import ACL
      </button>
    </form>
  );
  const deployForm = (
    <form method="post" action={`${ACL_URL}/deploy`}>
      <CsrfField token={token} />
      <button type="submit">Deploy ACLs</button>
    </form>
  );
  return (
    <>
      <Actions
        items={[
          { href: `${ACL_URL}/new`, label: 'Create new ACL' },
          { href: `${ACL_URL}/export`, label: 'Export ACLs' },
        ]}
        extra={
          <div class="acl-actions">
            {deployForm}
            {importForm}
          </div>
        }
      />
      <FilterBox tableId="acls" label="Filter for ACLs" />
      <Widget title="Hint">
        <p class="hint">Edits and imports are drafts: "Deploy ACLs" puts the valid ACLs into effect.</p>
        <p class="hint">ACLs run in the order of their names ("10-x" before "9-x"). root@localhost is never restricted.</p>
        <p class="hint">
          See <code>docs/acl.md</code> for the keys and values Parley understands.
        </p>
      </Widget>
    </>
  );
}

async function listPage(c: Ctx, problems: { message: string; lines: string[] } | null = null): Promise<Response> {
  const { items, status } = await listAcls(c.get('deps').db);
  const token = csrf(c);
  return c.html(
    <Page title="ACL Management" actor={pageActor(c)} csrf={token} nav="admin" sidebar={sidebar(token)}>
      <h1>Access Control Lists (ACL) Management</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      {problems ? <ImportProblems message={problems.message} lines={problems.lines} /> : null}
      <SyncBanner status={status} count={items.length} token={token} />
      <Widget title="ACLs" flush>
        <table class="list" id="acls">
          <thead>
            <tr>
              <th>Name</th>
              <th>Comment</th>
              <th>Validity</th>
              <th>Deployment</th>
              <th>Changed by</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <AclRow acl={a} />
            ))}
            {items.length === 0 ? (
              <tr>
                <td colspan={6} class="empty">
                  No ACLs yet. Create one or import an OTRS export with the Actions widget.
                </td>
              </tr>
            ) : null}
            <tr class="no-match" hidden>
              <td colspan={6} class="empty">
                No ACL matches the filter.
              </td>
            </tr>
          </tbody>
        </table>
      </Widget>
      {status.orphans.length ? <p class="hint">{`In effect but no longer stored: ${status.orphans.join(', ')}.`}</p> : null}
    </Page>,
  );
}

const AclRow: FC<{ acl: AclView }> = ({ acl }) => {
  const label = STATE_LABEL[acl.state];
  return (
    <tr data-filter={`${acl.record.Name} ${acl.record.Comment}`} class={acl.validity === 'valid' ? '' : 'invalid'} data-state={acl.state}>
      <td>
        <a href={`${ACL_URL}/${acl.id}`}>{acl.record.Name}</a>
      </td>
      <td>{acl.record.Comment}</td>
      <td>
        <Badge kind={acl.validity}>{acl.validity}</Badge>
      </td>
      <td>{label ? <Badge kind="pending">{label}</Badge> : <span class="muted">{acl.state === 'deployed' ? 'in effect' : 'not in effect'}</span>}</td>
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
  if (!(file instanceof File) || file.size === 0) return problem('Choose a file: an ACL export from OTRS or Parley (YAML).');
  if (file.size > MAX_FILE_BYTES) return problem('The file is larger than 5 MB.');
  try {
    const result = await importAcls(c.get('deps').db, pageActor(c), await file.text(), { overwrite: body['overwrite'] === '1' });
    const parts = [result.added.length ? `added ${result.added.join(', ')}` : '', result.updated.length ? `updated ${result.updated.join(', ')}` : ''].filter(Boolean);
    const message = parts.length ? `ACLs imported (${parts.join('; ')}). Deploy them to put them into effect.` : 'The file holds no ACLs.';
    return c.redirect(`${ACL_URL}?saved=${encodeURIComponent(message)}`, 303);
  } catch (e) {
    if (e instanceof AclImportError) return problem(`Nothing was imported from ${file.name}:`, e.message.split('\n'));
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
    const message = `ACLs deployed: ${d.names.length ? `${d.names.length} in effect` : 'none in effect'}.`;
    return c.redirect(`${ACL_URL}?saved=${encodeURIComponent(message)}`, 303);
  });
  aclEditRoutes(app);
}
