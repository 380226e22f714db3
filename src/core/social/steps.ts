import type { ProfileRow } from '../../db/schema.ts';
import { invalid, type AppError } from '../errors.ts';
import { keepsStored, parseCredentials, type ProfileInput, type Step } from './profiles.ts';

// The guided setup as the administrator walks it: the General widget, then steps 1–6 (MISSION P4).
// The domain (saveProfile) accepts any subset of fields, as the API must; what a step of the
// wizard requires before it may be left forward is decided here.

export type WizardView = 'general' | Step;
export const VIEWS: readonly WizardView[] = ['general', 1, 2, 3, 4, 5, 6];

export const VIEW_TITLES: Record<WizardView, string> = {
  general: 'General',
  1: 'Set up an X developer account',
  2: 'Twitter app name',
  3: 'Access permissions',
  4: 'Access token',
  5: 'Verify credentials',
  6: 'Incoming settings',
};

export const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  validity: 'Validity',
  appName: 'Twitter app name',
  consumerKey: 'Consumer key',
  consumerSecret: 'Consumer secret',
  accessToken: 'Access token',
  accessTokenSecret: 'Access token secret',
  targetQueueId: 'Target queue',
  autoResponseEnabled: 'Auto response',
  autoResponseText: 'Auto response text',
};

/** The fields each view of the wizard edits, in the order its form shows them. */
export const VIEW_FIELDS: Record<WizardView, readonly (keyof ProfileInput)[]> = {
  general: ['name', 'description', 'validity'],
  1: [],
  2: ['appName'],
  3: ['consumerKey', 'consumerSecret'],
  4: ['accessToken', 'accessTokenSecret'],
  5: [],
  6: ['targetQueueId', 'autoResponseEnabled', 'autoResponseText'],
};

const REQUIRED: Record<WizardView, readonly (keyof ProfileInput)[]> = {
  general: ['name'],
  1: [],
  2: ['appName'],
  3: ['consumerKey', 'consumerSecret'],
  4: ['accessToken', 'accessTokenSecret'],
  5: [],
  6: ['targetQueueId'],
};

const SECRET = new Set(['consumerSecret', 'accessToken', 'accessTokenSecret']);

export function parseView(value: string | undefined | null): WizardView | null {
  if (value === 'general') return 'general';
  const n = Number(value);
  return VIEWS.includes(n as Step) ? (n as Step) : null;
}

export function nextView(view: WizardView): WizardView | null {
  return VIEWS[VIEWS.indexOf(view) + 1] ?? null;
}

export function previousView(view: WizardView): WizardView | null {
  const i = VIEWS.indexOf(view);
  return i > 0 ? (VIEWS[i - 1] ?? null) : null;
}

function filled(row: ProfileRow | null, field: keyof ProfileInput, input: ProfileInput): boolean {
  const value = input[field];
  if (SECRET.has(field)) {
    if (!keepsStored(value)) return typeof value === 'string' && value.trim() !== '';
    return row !== null && Boolean(parseCredentials(row)[field]);
  }
  if (value !== undefined) return value !== null && String(value).trim() !== '';
  if (!row) return false;
  if (field === 'consumerKey') return Boolean(parseCredentials(row)['consumerKey']);
  if (field === 'appName') return Boolean(row.app_name);
  if (field === 'targetQueueId') return row.target_queue_id !== null;
  if (field === 'name') return Boolean(row.name);
  return true;
}

/**
 * What keeps a view from being saved ("Save", "Next step", "Save and finish"): every required
 * field that neither the form nor the stored profile fills, each named, so the form can mark them
 * all at once. "Next step" from step 5 also needs verified credentials; "Previous step" needs
 * nothing (it saves what is there and goes back).
 */
export function checkView(row: ProfileRow | null, view: WizardView, input: ProfileInput, opts: { next?: boolean } = {}): AppError[] {
  const errors = REQUIRED[view].filter((f) => !filled(row, f, input)).map((f) => invalid(f, `${FIELD_LABELS[f] ?? f} is required.`));
  if (opts.next && view === 5 && (!row?.verified_at || !row.account_id)) {
    errors.push(invalid('verify', 'The credentials are not verified yet: press "Verify credentials" first.'));
  }
  return errors;
}
