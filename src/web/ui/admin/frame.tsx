import type { Child } from 'hono/jsx';
import { Actions, CsrfField, FilterBox, Flash, FormButtons, Widget, type Errors } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, flashFrom, pageActor, type Ctx } from '../helpers.ts';

// The frame every plain admin module shares (OTRS's look): the Actions widget and filter box in
// the sidebar, the overview table in a "List" widget, the add/edit form with its errors.

export interface AdminModule {
  /** e.g. /admin/queues */
  base: string;
  /** The Actions widget's add button, e.g. "Add queue". */
  addLabel: string;
  /** The overview table's id, which the filter box narrows. */
  tableId: string;
}

function sidebar(m: AdminModule, onForm: boolean) {
  return (
    <div id="admin-menu">
      <Actions items={[{ href: `${m.base}/new`, label: m.addLabel }, ...(onForm ? [{ href: m.base, label: 'Go to overview' }] : [])]} />
      {onForm ? null : <FilterBox tableId={m.tableId} />}
    </div>
  );
}

/** On a phone the content comes first and the sidebar under it: this button jumps there. */
export const MenuButton = () => (
  <a class="button secondary menu-button" href="#admin-menu">
    Menu
  </a>
);

export function adminListPage(c: Ctx, m: AdminModule, title: string, heading: string, table: Child) {
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar(m, false)}>
      <MenuButton />
      <h1>{heading}</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      <Widget title="List" flush>
        {table}
      </Widget>
    </Page>,
  );
}

export function adminFormPage(c: Ctx, m: AdminModule, title: string, errors: Errors, fields: Child) {
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar(m, true)}>
      <MenuButton />
      <h1>{title}</h1>
      <Flash kind="error" message={errors['_form']} />
      <form method="post">
        <CsrfField token={csrf(c)} />
        {fields}
        <FormButtons cancel={m.base} />
      </form>
    </Page>,
  );
}
