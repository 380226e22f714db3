import type { ChannelAdapter, SetupGuide, SetupStep } from '../channel.ts';
import type { ProfileRow } from '../../db/schema.ts';
import { t } from '../../i18n/index.ts';
import { invalid, type AppError } from '../errors.ts';
import { keepsStored, parseCredentials, type ProfileInput } from './profiles.ts';

// The guided setup as the administrator walks it: the General widget, then the adapter's steps
// (MISSION P4). The domain (saveProfile) accepts any subset of fields, as the API must; what a
// step of the wizard requires before it may be left forward is decided here, for any network.

export type WizardView = 'general' | number;

/** The labels of the fields every profile type has, in the current language. */
function generalLabel(field: string): string | null {
  switch (field) {
    case 'name':
      return t('admin.profiles.fields.name');
    case 'description':
      return t('admin.profiles.fields.description');
    case 'validity':
      return t('admin.profiles.fields.validity');
    case 'targetQueueId':
      return t('admin.profiles.fields.targetQueueId');
    case 'autoResponseEnabled':
      return t('admin.profiles.fields.autoResponseEnabled');
    case 'autoResponseText':
      return t('admin.profiles.fields.autoResponseText');
    default:
      return null;
  }
}
const INCOMING_FIELDS = ['targetQueueId', 'autoResponseEnabled', 'autoResponseText'] as const;

/** Setup is only offered for adapters that describe it. */
export function guideOf(adapter: ChannelAdapter): SetupGuide {
  if (!adapter.setup) throw new Error(`The profile type "${adapter.type}" has no guided setup.`);
  return adapter.setup;
}

export function viewsOf(guide: SetupGuide): WizardView[] {
  return ['general', ...guide.steps.map((_s, i) => i + 1)];
}

export function stepOf(guide: SetupGuide, view: WizardView): SetupStep | null {
  return view === 'general' ? null : (guide.steps[view - 1] ?? null);
}

/** The number of the step of a kind (the verify step, the incoming step). */
export function stepNumber(guide: SetupGuide, kind: SetupStep['kind']): number {
  return guide.steps.findIndex((s) => s.kind === kind) + 1;
}

export function viewTitleOf(guide: SetupGuide, view: WizardView): string {
  return view === 'general' ? t('admin.profiles.wizard.general') : (stepOf(guide, view)?.title ?? '');
}

export function fieldLabel(guide: SetupGuide | undefined, field: string): string {
  for (const s of guide?.steps ?? []) for (const f of s.fields) if (f.name === field) return f.label;
  return generalLabel(field) ?? field;
}

/** The fields each view of the wizard edits, in the order its form shows them. */
export function viewFields(guide: SetupGuide, view: WizardView): readonly string[] {
  if (view === 'general') return ['name', 'description', 'validity'];
  const step = stepOf(guide, view);
  if (step?.kind === 'incoming') return INCOMING_FIELDS;
  return step?.fields.map((f) => f.name) ?? [];
}

function requiredFields(guide: SetupGuide, view: WizardView): readonly string[] {
  if (view === 'general') return ['name'];
  const step = stepOf(guide, view);
  if (step?.kind === 'incoming') return ['targetQueueId'];
  return step?.fields.filter((f) => f.required).map((f) => f.name) ?? [];
}

export function parseView(guide: SetupGuide, value: string | undefined | null): WizardView | null {
  if (value === 'general') return 'general';
  if (!value || !/^[0-9]+$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= guide.steps.length ? n : null;
}

export function nextView(guide: SetupGuide, view: WizardView): WizardView | null {
  const views = viewsOf(guide);
  return views[views.indexOf(view) + 1] ?? null;
}

export function previousView(guide: SetupGuide, view: WizardView): WizardView | null {
  const views = viewsOf(guide);
  const i = views.indexOf(view);
  return i > 0 ? (views[i - 1] ?? null) : null;
}

/** Whether a field has a value, in the form or stored; a secret left blank keeps the stored one. */
export function hasValue(adapter: ChannelAdapter, row: ProfileRow | null, field: string, input: ProfileInput = {}): boolean {
  const value = (input as Record<string, unknown>)[field];
  const credential = adapter.credentialFields.find((f) => f.name === field);
  if (credential?.secret) {
    if (!keepsStored(value)) return typeof value === 'string' && value.trim() !== '';
    return row !== null && Boolean(parseCredentials(row)[field]);
  }
  if (value !== undefined) return value !== null && String(value).trim() !== '';
  if (!row) return false;
  if (credential) return Boolean(parseCredentials(row)[field]);
  if (field === 'appName') return Boolean(row.app_name);
  if (field === 'targetQueueId') return row.target_queue_id !== null;
  if (field === 'name') return Boolean(row.name);
  return true;
}

/**
 * What keeps a view from being saved ("Save", "Next step", "Save and finish"): every required
 * field that neither the form nor the stored profile fills, each named, so the form can mark them
 * all at once. "Next step" from the verify step also needs verified credentials; "Previous step"
 * needs nothing (it saves what is there and goes back).
 */
export function checkView(adapter: ChannelAdapter, row: ProfileRow | null, view: WizardView, input: ProfileInput, opts: { next?: boolean } = {}): AppError[] {
  const guide = guideOf(adapter);
  const errors = requiredFields(guide, view)
    .filter((f) => !hasValue(adapter, row, f, input))
    .map((f) => invalid(f, t('admin.profiles.errors.required', { field: fieldLabel(guide, f) })));
  if (opts.next && stepOf(guide, view)?.kind === 'verify' && (!row?.verified_at || !row.account_id)) {
    errors.push(invalid('verify', t('admin.profiles.errors.notVerified')));
  }
  return errors;
}
