import { describe, expect, it } from 'vitest';
import type { ProfileRow } from '../../db/schema.ts';
import { xAdapter } from '../../channels/x/index.ts';
import { checkView, nextView, parseView, previousView, type WizardView } from './steps.ts';
import type { ProfileInput } from './profiles.ts';

const row = (over: Partial<ProfileRow> = {}): ProfileRow => ({
  id: 1, type: 'twitter', name: 'Acme', description: null, app_name: null, credentials: '{}', target_queue_id: null, auto_response_enabled: 0,
  auto_response_text: null, validity: 'valid', account_id: null, account_username: null, account_name: null, verified_at: null, verify_error: null,
  completed_at: null, server_limits: null, server_limits_at: null, created_at: '2026-01-01T00:00:00.000Z', changed_at: '2026-01-01T00:00:00.000Z', created_by: 1, changed_by: 1, ...over,
});
const stored = row({
  app_name: 'App', credentials: JSON.stringify({ consumerKey: 'ck', consumerSecret: 'v1:x', accessToken: 'v1:y', accessTokenSecret: 'v1:z' }),
  target_queue_id: 3, account_id: '42', verified_at: '2026-01-02T00:00:00.000Z',
});

describe('checkView: what a step of the wizard requires before it is saved', () => {
  const cases: [string, ProfileRow, WizardView, ProfileInput, { next?: boolean }, string[]][] = [
    ['general needs a name', row(), 'general', { name: '  ' }, {}, ['name']],
    ['general with a name', row(), 'general', { name: 'Acme' }, {}, []],
    ['step 1 has nothing to require', row(), 1, {}, { next: true }, []],
    ['step 2: the app name, fresh', row(), 2, { appName: '' }, {}, ['appName']],
    ['step 2: clearing a stored app name', stored, 2, { appName: ' ' }, {}, ['appName']],
    ['step 3: both keys, every one named', row(), 3, { consumerKey: '', consumerSecret: '' }, {}, ['consumerKey', 'consumerSecret']],
    ['step 3: an empty secret keeps the stored one', stored, 3, { consumerKey: 'ck', consumerSecret: '' }, {}, []],
    ['step 3: the mask keeps it too', stored, 3, { consumerKey: 'ck', consumerSecret: '********' }, {}, []],
    ['step 3: a secret typed now counts', row(), 3, { consumerKey: 'ck', consumerSecret: 'cs' }, {}, []],
    ['step 4: nothing stored, nothing typed', row(), 4, { accessToken: '', accessTokenSecret: '' }, {}, ['accessToken', 'accessTokenSecret']],
    ['step 4: stored', stored, 4, { accessToken: '', accessTokenSecret: '' }, {}, []],
    ['step 5: "Next step" needs a verification', row(), 5, {}, { next: true }, ['verify']],
    ['step 5: "Save and finish" does not', row(), 5, {}, {}, []],
    ['step 5: verified', stored, 5, {}, { next: true }, []],
    ['step 5: verification withdrawn', { ...stored, verified_at: null }, 5, {}, { next: true }, ['verify']],
    ['step 6: the target queue', row(), 6, { targetQueueId: '', autoResponseEnabled: false }, {}, ['targetQueueId']],
    ['step 6: a queue chosen', row(), 6, { targetQueueId: '3' }, {}, []],
  ];
  for (const [title, r, view, input, opts, fields] of cases) {
    it(title, () => {
      expect(checkView(xAdapter, r, view, input, opts).map((e) => e.field)).toEqual(fields);
    });
  }

  it('says what is missing in words', () => {
    expect(checkView(xAdapter, row(), 3, {}).map((e) => e.message)).toEqual(['Consumer key is required.', 'Consumer secret is required.']);
    expect(checkView(xAdapter, null, 'general', {}).map((e) => e.message)).toEqual(['Name is required.']);
  });
});

describe('moving through the wizard', () => {
  it('goes General → 1 … 6 and back, and reads the step parameter strictly', () => {
    const g = xAdapter.setup!;
    expect([nextView(g, 'general'), nextView(g, 5), nextView(g, 6)]).toEqual([1, 6, null]);
    expect([previousView(g, 'general'), previousView(g, 1), previousView(g, 6)]).toEqual([null, 'general', 5]);
    expect(['general', '1', '6', '0', '7', 'x', '', undefined, '2.5'].map((v) => parseView(g, v))).toEqual(['general', 1, 6, null, null, null, null, null, null]);
  });
});
