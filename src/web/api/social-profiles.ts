import { createRoute, OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { adapterFor, apiUrlFor, usageCounter } from '../../channels/clients.ts';
import type { ChannelAdapter } from '../../core/channel.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { profileBilling } from '../../core/billing/status.ts';
import type { ProfileInput } from '../../core/social/profiles.ts';
import { saveProfile, verifyProfile, type ProfileContext } from '../../core/social/service.ts';
import { nowIso } from '../../core/time.ts';
import { setBudget } from '../../db/repos/billing.ts';
import { inTransaction } from '../../db/tx.ts';
import { profileStatus } from '../../core/social/status.ts';
import { findProfile, listProfiles } from '../../db/repos/profiles.ts';
import type { ProfileRow } from '../../db/schema.ts';
import { clockOf, type Deps } from '../../deps.ts';
import type { AppEnv } from '../context.ts';
import { errorBody } from '../errors.ts';
import { errorResponses, IdParam, json, jsonBody, listOf, PageQuery } from './base.ts';
import { adminActor } from './guard.ts';
import { presentProfile } from './present.ts';
import { ProfileCreateInput, ProfilePatchInput, ProfileSchema, ProfileVerifyResult } from './schemas.ts';

// /api/v1/social-media-profiles (DESIGN contracts). Administrators only: a profile holds the keys
// to an account on X, Mastodon or Bluesky. DELETE is answered 405 for all of /api/v1 in app.tsx: profiles are never deleted.

/** As base.ts's hook, but an unknown field is named too (the inputs are strict: a typo must not pass as "saved"). */
const hook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]);
    return c.json(errorBody('invalid_input', t('api.profileUnknownField', { key }), key), 400);
  }
  const field = issue ? issue.path.map(String).join('.') : '';
  const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : t('api.invalidRequest');
  return c.json(errorBody('invalid_input', message, field || undefined), 400);
};

export const socialProfilesApi = new OpenAPIHono<AppEnv>({ defaultHook: hook });
const tags = ['Social media profiles'];

function context(deps: Deps, type = 'twitter'): ProfileContext {
  return { db: deps.db, secrets: deps.secrets, adapter: adapterFor(deps, type) };
}

// Fields that belong to one network's profiles; sent for another type they are refused, not ignored.
const NETWORK_FIELDS = ['appName', 'consumerKey', 'consumerSecret', 'accessToken', 'accessTokenSecret', 'instanceUrl', 'serviceUrl', 'handle', 'appPassword'] as const;

function refuseForeignFields(adapter: ChannelAdapter, input: Record<string, unknown>): void {
  const own = new Set([...adapter.credentialFields.map((f) => f.name), ...(adapter.setup?.steps.flatMap((s) => s.fields.map((f) => f.name)) ?? [])]);
  const foreign = NETWORK_FIELDS.find((k) => input[k] !== undefined && !own.has(k));
  if (foreign) throw invalid(foreign, t('api.profileForeignField', { field: foreign, type: adapter.type }));
}

async function present(deps: Deps, row: ProfileRow) {
  const [status, billing] = await Promise.all([profileStatus(deps.db, row.id), profileBilling(deps.db, [row.id], clockOf(deps))]);
  const b = billing.get(row.id)!;
  return {
    ...presentProfile(adapterFor(deps, row.type), row, status),
    usage: b.usage,
    monthlyBudgetUsd: b.monthlyBudgetUsd,
    readingPaused: b.reading.paused ? { reason: b.reading.reason, resumesAt: b.reading.resumesAt } : null,
  };
}

/** The profile's fields and its budget change together or not at all. */
async function saveWithBudget(deps: Deps, type: string | undefined, actorId: number, id: number | null, input: ProfileInput & { monthlyBudgetUsd?: number | null | undefined }) {
  const { monthlyBudgetUsd, ...fields } = input;
  return inTransaction(deps.db, async (trx) => {
    const row = await saveProfile({ ...context(deps, type), db: trx }, actorId, id, fields);
    if (monthlyBudgetUsd !== undefined) await setBudget(trx, row.id, monthlyBudgetUsd, nowIso());
    return row;
  });
}

async function existing(deps: Deps, id: number): Promise<ProfileRow> {
  const row = await findProfile(deps.db, id);
  if (!row) throw notFound(t('errors.noun.socialProfile', { id }));
  return row;
}

socialProfilesApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: PageQuery },
    responses: { 200: json(listOf(ProfileSchema, 'SocialMediaProfileList'), 'All profiles, by name.'), ...errorResponses },
  }),
  async (c) => {
    adminActor(c);
    const deps = c.get('deps');
    const { limit, offset } = c.req.valid('query');
    const all = await listProfiles(deps.db);
    const items = await Promise.all(all.slice(offset, offset + limit).map((p) => present(deps, p)));
    return c.json({ items, total: all.length }, 200);
  },
);

socialProfilesApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(ProfileSchema, 'A profile.'), ...errorResponses } }),
  async (c) => {
    adminActor(c);
    const deps = c.get('deps');
    return c.json(await present(deps, await existing(deps, c.req.valid('param').id)), 200);
  },
);

socialProfilesApi.openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags,
    description: 'Creates a profile from any subset of its fields (the name is required), as the guided setup saves step by step.',
    request: jsonBody(ProfileCreateInput),
    responses: { 201: json(ProfileSchema, 'Created; `complete` and `missingStep` tell what the setup still needs.'), ...errorResponses },
  }),
  async (c) => {
    const a = adminActor(c);
    const deps = c.get('deps');
    const { type, ...input } = c.req.valid('json');
    refuseForeignFields(context(deps, type).adapter, input);
    const row = await saveWithBudget(deps, type, a.id, null, input);
    return c.json(await present(deps, row), 201);
  },
);

socialProfilesApi.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    description: 'Changes the fields given. A changed credential withdraws the verification: verify again.',
    request: { params: IdParam, ...jsonBody(ProfilePatchInput) },
    responses: { 200: json(ProfileSchema, 'Updated.'), ...errorResponses },
  }),
  async (c) => {
    const a = adminActor(c);
    const deps = c.get('deps');
    const row = await existing(deps, c.req.valid('param').id);
    const input = c.req.valid('json');
    refuseForeignFields(context(deps, row.type).adapter, input);
    return c.json(await present(deps, await saveWithBudget(deps, row.type, a.id, row.id, input)), 200);
  },
);

socialProfilesApi.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/verify',
    tags,
    description:
      "Asks the network whom the stored credentials belong to (X: GET /2/users/me at PARLEY_X_API_URL; Mastodon: GET /api/v1/accounts/verify_credentials on the profile's instance; Bluesky: com.atproto.server.createSession on the profile's PDS). The verdict is an outcome, not an error: the answer is 200 with `verified` and, on failure, the network's reason in `message`. A credential still missing is 400 naming it.",
    request: { params: IdParam },
    responses: { 200: json(ProfileVerifyResult, 'The outcome and the profile as it now is.'), ...errorResponses },
  }),
  async (c) => {
    adminActor(c);
    const deps = c.get('deps');
    const row = await existing(deps, c.req.valid('param').id);
    const result = await verifyProfile(context(deps, row.type), row.id, apiUrlFor(deps, row.type), usageCounter(deps, row));
    return c.json({ verified: result.ok, message: result.ok ? null : result.message, profile: await present(deps, result.profile) }, 200);
  },
);
