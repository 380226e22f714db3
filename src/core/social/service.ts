import { ChannelError, type ChannelAdapter } from '../channel.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { findProfile, findProfileByName, saveServerLimits } from '../../db/repos/profiles.ts';
import { findQueue } from '../../db/repos/queues.ts';
import type { Db, ProfileRow } from '../../db/schema.ts';
import { inTransaction } from '../../db/tx.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { t } from '../../i18n/index.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { optionalText } from '../names.ts';
import { nowIso } from '../time.ts';
import { checkName, checkValidity, keepsStored, missingStep, openCredentials, parseCredentials, type ProfileInput } from './profiles.ts';
import { fieldLabel } from './steps.ts';

export interface ProfileContext {
  db: Db;
  secrets: SecretBox;
  adapter: ChannelAdapter;
}

const DM_MAX = 10_000;

/**
 * Creates or updates a profile from any subset of its fields (the wizard saves step by step).
 * Changing a credential withdraws the verification: the new keys must be verified again.
 */
export async function saveProfile(ctx: ProfileContext, actorId: number, id: number | null, input: ProfileInput, now = nowIso()): Promise<ProfileRow> {
  const { db, secrets, adapter } = ctx;
  return inTransaction(db, async (trx) => {
    const existing = id === null ? undefined : await findProfile(trx, id);
    if (id !== null && !existing) throw notFound(t('errors.noun.socialProfile', { id }));
    if (existing && existing.type !== adapter.type) throw invalid('type', t('admin.profiles.errors.wrongType', { id, type: existing.type }));

    const name = input.name === undefined && existing ? existing.name : checkName(input.name);
    const description = input.description === undefined ? (existing?.description ?? null) : optionalText('description', input.description, labelOf('description'));
    const appName = input.appName === undefined ? (existing?.app_name ?? null) : optionalText('appName', input.appName, labelOf('appName', adapter), 200);
    if (existing?.app_name && input.appName !== undefined && !appName) throw invalid('appName', t('admin.profiles.errors.required', { field: labelOf('appName', adapter) }));
    const validity = input.validity === undefined ? (existing?.validity ?? 'valid') : checkValidity(input.validity);

    const creds = existing ? parseCredentials(existing) : {};
    let credentialsChanged = false;
    if (!existing) {
      // Defaults the setup names (Bluesky's server) hold from the start, as the form shows them.
      for (const step of adapter.setup?.steps ?? []) for (const f of step.fields) if (f.default && adapter.credentialFields.some((c) => c.name === f.name && !c.secret)) creds[f.name] = f.default;
    }
    for (const field of adapter.credentialFields) {
      const value = (input as Record<string, unknown>)[field.name];
      if (field.secret ? keepsStored(value) : value === undefined) continue;
      if (typeof value !== 'string') throw invalid(field.name, t('admin.profiles.errors.notText', { field: field.name }));
      const v = value.trim();
      if (!v) {
        if (creds[field.name]) throw invalid(field.name, t('admin.profiles.errors.required', { field: labelOf(field.name, adapter) }));
        continue;
      }
      if (v.length > 500 || /\s/.test(v)) throw invalid(field.name, t('admin.profiles.errors.notKey', { field: labelOf(field.name, adapter) }));
      const refused = adapter.checkCredential?.(field.name, v);
      if (refused) throw invalid(field.name, refused);
      const stored = field.secret ? secrets.encrypt(v) : v;
      const previous = creds[field.name];
      if (previous === undefined || (field.secret ? secrets.decrypt(previous) !== v : previous !== v)) credentialsChanged = true;
      creds[field.name] = stored;
    }

    let targetQueueId = existing?.target_queue_id ?? null;
    if (input.targetQueueId !== undefined) {
      if (input.targetQueueId === null || input.targetQueueId === '') {
        if (existing?.target_queue_id) throw invalid('targetQueueId', t('admin.profiles.errors.queueRequired'));
      } else {
        const qid = Number(input.targetQueueId);
        const queue = Number.isInteger(qid) ? await findQueue(trx, qid) : undefined;
        if (!queue) throw invalid('targetQueueId', t('admin.profiles.errors.queueUnknown'));
        if (queue.validity !== 'valid') throw invalid('targetQueueId', t('admin.profiles.errors.queueInvalid', { name: queue.name }));
        targetQueueId = queue.id;
      }
    }

    let autoEnabled = existing ? existing.auto_response_enabled === 1 : false;
    if (input.autoResponseEnabled !== undefined) {
      if (typeof input.autoResponseEnabled !== 'boolean') throw invalid('autoResponseEnabled', t('admin.profiles.errors.autoFlag'));
      autoEnabled = input.autoResponseEnabled;
    }
    const autoText = input.autoResponseText === undefined ? (existing?.auto_response_text ?? null) : optionalText('autoResponseText', input.autoResponseText, labelOf('autoResponseEnabled'), DM_MAX);
    if (autoEnabled && !autoText) throw invalid('autoResponseText', t('admin.profiles.errors.autoText'));

    const clash = await findProfileByName(trx, name);
    if (clash && clash.id !== id) throw conflict('name', t('admin.profiles.errors.nameTaken', { name }));

    const values = {
      name,
      description,
      app_name: appName,
      credentials: JSON.stringify(creds),
      target_queue_id: targetQueueId,
      auto_response_enabled: autoEnabled ? 1 : 0,
      auto_response_text: autoText,
      validity,
      changed_at: now,
      changed_by: actorId,
      ...(credentialsChanged ? { verified_at: null, verify_error: null } : {}),
    };
    let row: ProfileRow;
    try {
      if (existing) {
        await trx.updateTable('social_profiles').set(values).where('id', '=', existing.id).execute();
        row = (await findProfile(trx, existing.id))!;
      } else {
        row = await trx
          .insertInto('social_profiles')
          .values({
            ...values,
            type: adapter.type,
            account_id: null,
            account_username: null,
            account_name: null,
            verified_at: null,
            verify_error: null,
            completed_at: null,
            created_at: now,
            created_by: actorId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('name', t('admin.profiles.errors.nameTaken', { name }));
      throw e;
    }
    return markCompletion(trx, adapter, row, now);
  });
}

/** Records when the profile first became complete: polling fetches nothing older than that. */
async function markCompletion(db: Db, adapter: ChannelAdapter, row: ProfileRow, now: string): Promise<ProfileRow> {
  const complete = missingStep(adapter, row) === null;
  if (complete && !row.completed_at) {
    await db.updateTable('social_profiles').set({ completed_at: now }).where('id', '=', row.id).execute();
    await db
      .insertInto('profile_poll_state')
      .values({ profile_id: row.id, next_poll_at: now, last_poll_at: null, last_success_at: null, last_error: null, last_error_at: null, failures: 0 })
      .onConflict((oc) => oc.column('profile_id').doUpdateSet({ next_poll_at: now }))
      .execute();
    return { ...row, completed_at: now };
  }
  return row;
}

export type VerifyResult = { ok: true; profile: ProfileRow } | { ok: false; message: string; profile: ProfileRow };

/**
 * Step 5: asks the network who these credentials belong to. A rejected key withdraws the
 * verification; a network failure leaves the last result as it was.
 */
export async function verifyProfile(ctx: ProfileContext, id: number, apiUrl: string, onCall?: Parameters<ChannelAdapter['createClient']>[0]['onCall'], now = nowIso()): Promise<VerifyResult> {
  const { db, secrets, adapter } = ctx;
  const profile = await findProfile(db, id);
  if (!profile) throw notFound(t('errors.noun.socialProfile', { id }));
  const credentials = openCredentials(adapter, profile, secrets);
  const missing = adapter.credentialFields.find((f) => !credentials[f.name]);
  if (missing) throw invalid(missing.name, t('admin.profiles.errors.beforeVerify', { field: labelOf(missing.name, adapter) }));
  const client = adapter.createClient({ credentials, account: null, apiUrl, ...(onCall ? { onCall } : {}) });
  try {
    const account = await client.verify();
    // The server's own limits (Mastodon's max_characters and media rules), for the reply box and the checks before queueing.
    const limits = client.serverLimits ? await client.serverLimits() : null;
    return await inTransaction(db, async (trx) => {
      if (profile.account_id && profile.account_id !== account.id) {
        // Another account: the old cursors point into someone else's timeline.
        await trx.deleteFrom('profile_cursors').where('profile_id', '=', id).execute();
      }
      await trx
        .updateTable('social_profiles')
        .set({ account_id: account.id, account_username: account.username, account_name: account.name, verified_at: now, verify_error: null })
        .where('id', '=', id)
        .execute();
      if (limits) await saveServerLimits(trx, id, limits, now);
      const row = await markCompletion(trx, adapter, (await findProfile(trx, id))!, now);
      return { ok: true as const, profile: row };
    });
  } catch (e) {
    if (!(e instanceof ChannelError)) throw e;
    // The adapter's words already name X and the cause; a worker's "it will be tried again" is not
    // true of a button press.
    const message = e.kind === 'auth' || e.kind === 'permanent' ? e.message : t('admin.profiles.errors.tryAgain', { message: withoutRetry(e.message) });
    const set = e.kind === 'auth' || e.kind === 'permanent' ? { verified_at: null, verify_error: message } : { verify_error: message };
    await db.updateTable('social_profiles').set(set).where('id', '=', id).execute();
    return { ok: false, message, profile: (await findProfile(db, id))! };
  }
}

/** A worker's message without its "; it will be tried again." (in the language it was made in): a button press is not retried. */
function withoutRetry(message: string): string {
  const retry = t('channel.errors.retry');
  if (message.endsWith(retry)) return `${message.slice(0, -retry.length)}.`;
  return message.replace(/;? it will be tried again\.$/, '.');
}

export function labelOf(field: string, adapter?: ChannelAdapter): string {
  return fieldLabel(adapter?.setup, field);
}
