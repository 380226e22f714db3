import type { Child } from 'hono/jsx';
import { Actions, CsrfField, FilterBox, Flash, FormButtons, Widget, type Errors } from '../components.tsx';
import { Page } from '../layout.tsx';
import { csrf, flashFrom, pageActor, type Ctx } from '../helpers.ts';
import { t } from '../../../i18n/index.ts';
import { VALIDITIES } from '../../../core/validity.ts';

// The frame every plain admin module shares (OTRS's look): the Actions widget and filter box in
// the sidebar, the overview table in a "List" widget, the add/edit form with its errors.

export interface AdminModule {
  /** e.g. /admin/queues */
  base: string;
  /** The Actions widget's add button, e.g. "Add queue" (called at render time, in the request's language). */
  addLabel: () => string;
  /** The overview table's id, which the filter box narrows. */
  tableId: string;
}

function sidebar(m: AdminModule, onForm: boolean) {
  return (
    <div id="admin-menu">
      <Actions items={[{ href: `${m.base}/new`, label: m.addLabel() }, ...(onForm ? [{ href: m.base, label: t('admin.frame.goToOverview') }] : [])]} />
      {onForm ? null : <FilterBox tableId={m.tableId} />}
    </div>
  );
}

/** On a phone the content comes first and the sidebar under it: this button jumps there. */
export const MenuButton = () => (
  <a class="button secondary menu-button" href="#admin-menu">
    {t('admin.frame.menu')}
  </a>
);

export function adminListPage(c: Ctx, m: AdminModule, title: string, heading: string, table: Child) {
  return c.html(
    <Page title={title} actor={pageActor(c)} csrf={csrf(c)} nav="admin" sidebar={sidebar(m, false)}>
      <MenuButton />
      <h1>{heading}</h1>
      <Flash kind="ok" message={flashFrom(c)} />
      <Widget title={t('admin.frame.list')} flush>
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

/** The validity choices, their labels in the request's language (the values stay as stored). */
export const validityOptions = () => VALIDITIES.map((v) => ({ value: v, label: t(`common.validity.${v}`) }));

/** A validity as the lists show it: the badge's class is the stored value, its text translated. */
export const validityText = (v: string) => t(`common.validity.${v}`);
