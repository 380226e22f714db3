import { endAgentSessions, findAgent, findAgentByLogin, replaceGroupMembers, replaceMemberships } from '../../db/repos/agents.ts';
import { findGroup, findGroupByName } from '../../db/repos/groups.ts';
import type { AgentRow, Db, GroupRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { inTransaction } from '../../db/tx.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { conflict, ErrorCollector, invalid, notFound } from '../errors.ts';
import { optionalText, requiredName } from '../names.ts';
import { nowIso } from '../time.ts';
import { isValidity, type Validity } from '../validity.ts';
import type { Permission } from './permissions.ts';
import { SUPERUSER_ID } from './permissions.ts';
import { t } from '../../i18n/index.ts';

function validity(value: unknown, fallback: Validity | undefined): Validity {
  if (value === undefined && fallback) return fallback;
  if (!isValidity(value)) throw invalid('validity', t('validation.validity'));
  return value;
}

export interface GroupInput {
  name?: unknown;
  comment?: unknown;
  validity?: unknown;
  /** Replaces all members when given: [{ agentId, permission }]. */
  members?: unknown;
}

function parseMembers(value: unknown): { agentId: number; permission: Permission }[] {
  if (!Array.isArray(value)) throw invalid('members', t('validation.members'));
  const seen = new Map<number, Permission>();
  value.forEach((m, i) => {
    const agentId = Number((m as { agentId?: unknown })?.agentId);
    const permission = (m as { permission?: unknown })?.permission;
    if (!Number.isInteger(agentId)) throw invalid(`members[${i}].agentId`, t('validation.agentId', { field: 'agentId' }));
    if (permission !== 'rw' && permission !== 'ro') throw invalid(`members[${i}].permission`, t('validation.permission'));
    if (seen.get(agentId) !== 'rw') seen.set(agentId, permission);
  });
  return [...seen].map(([agentId, permission]) => ({ agentId, permission }));
}

export async function saveGroup(db: Db, actorId: number, id: number | null, input: GroupInput, now = nowIso()): Promise<GroupRow> {
  return inTransaction(db, async (trx) => {
    const existing = id === null ? undefined : await findGroup(trx, id);
    if (id !== null && !existing) throw notFound(t('errors.noun.group', { id }));
    // Every field's error at once: the form shows each beside its field, the API names them all.
    const errors = new ErrorCollector();
    const name = input.name === undefined && existing ? existing.name : errors.check(() => requiredName('name', input.name, t('validation.label.name')));
    const comment = input.comment === undefined ? (existing?.comment ?? null) : errors.check(() => optionalText('comment', input.comment, t('validation.label.comment')));
    const v = errors.check(() => validity(input.validity, existing ? (existing.validity as Validity) : 'valid'));
    if (existing && existing.name === 'admin' && ((name !== undefined && name !== 'admin') || (v !== undefined && v !== 'valid'))) {
      errors.add('name', t('errors.group.adminGuard'));
    }
    const members = input.members === undefined ? null : (errors.check(() => parseMembers(input.members)) ?? null);
    errors.throwIfAny();
    const clash = await findGroupByName(trx, name!);
    if (clash && clash.id !== id) throw conflict('name', t('errors.group.exists', { name }));
    if (members) {
      for (const [i, m] of members.entries()) {
        if (!(await findAgent(trx, m.agentId))) throw notFound(t('errors.noun.agent', { id: m.agentId }), `members[${i}].agentId`);
      }
      if (name === 'admin' && !members.some((m) => m.agentId === SUPERUSER_ID && m.permission === 'rw')) {
        throw invalid('members', t('errors.agent.rootKeepsAdmin'));
      }
    }
    let group: GroupRow;
    try {
      if (existing) {
        await trx.updateTable('groups').set({ name: name!, comment: comment ?? null, validity: v!, changed_at: now, changed_by: actorId }).where('id', '=', existing.id).execute();
        group = (await findGroup(trx, existing.id))!;
      } else {
        group = await trx
          .insertInto('groups')
          .values({ name: name!, comment: comment ?? null, validity: v!, created_at: now, changed_at: now, created_by: actorId, changed_by: actorId })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('name', t('errors.group.exists', { name }));
      throw e;
    }
    if (members) await replaceGroupMembers(trx, group.id, members);
    return group;
  });
}

export interface AgentInput {
  login?: unknown;
  firstName?: unknown;
  lastName?: unknown;
  email?: unknown;
  password?: unknown;
  validity?: unknown;
  /** Replaces all memberships when given. */
  groups?: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function parseMemberships(value: unknown): { groupId: number; permission: Permission }[] {
  if (!Array.isArray(value)) throw invalid('groups', t('validation.groups'));
  const seen = new Map<number, Permission>();
  value.forEach((m, i) => {
    const groupId = Number((m as { groupId?: unknown })?.groupId);
    const permission = (m as { permission?: unknown })?.permission;
    if (!Number.isInteger(groupId)) throw invalid(`groups[${i}].groupId`, t('validation.groupId', { field: 'groupId' }));
    if (permission !== 'rw' && permission !== 'ro') throw invalid(`groups[${i}].permission`, t('validation.permission'));
    // rw implies ro: keep the stronger of repeated entries.
    if (seen.get(groupId) !== 'rw') seen.set(groupId, permission);
  });
  return [...seen].map(([groupId, permission]) => ({ groupId, permission }));
}

export async function saveAgent(db: Db, actorId: number, id: number | null, input: AgentInput, now = nowIso()): Promise<AgentRow> {
  const existing = id === null ? undefined : await findAgent(db, id);
  if (id !== null && !existing) throw notFound(t('errors.noun.agent', { id }));
  // Every field's error at once: the form shows each beside its field, the API names them all.
  const errors = new ErrorCollector();
  const login = input.login === undefined && existing ? existing.login : errors.check(() => requiredName('login', input.login, t('validation.label.login'), 100));
  if (login !== undefined && /\s/.test(login)) errors.add('login', t('validation.loginSpaces'));
  const firstName = input.firstName === undefined && existing ? existing.first_name : errors.check(() => requiredName('firstName', input.firstName, t('validation.label.firstName'), 100));
  const lastName = input.lastName === undefined && existing ? existing.last_name : errors.check(() => requiredName('lastName', input.lastName, t('validation.label.lastName'), 100));
  const email = input.email === undefined && existing ? existing.email : errors.check(() => requiredName('email', input.email, t('validation.label.email'), 200));
  if (email !== undefined && !EMAIL.test(email)) errors.add('email', t('validation.email'));
  const v = errors.check(() => validity(input.validity, existing ? (existing.validity as Validity) : 'valid'));
  if (existing?.id === SUPERUSER_ID && ((v !== undefined && v !== 'valid') || (login !== undefined && login !== existing.login))) {
    errors.add('validity', t('errors.agent.rootGuard'));
  }
  let newPassword: string | undefined;
  if (input.password !== undefined && input.password !== '' && input.password !== null) {
    if (typeof input.password !== 'string' || input.password.length < 8) errors.add('password', t('validation.passwordMin', { min: 8 }));
    else if (input.password.length > 1000) errors.add('password', t('validation.passwordMax', { max: 1000 }));
    else newPassword = input.password;
  } else if (!existing?.password_hash) {
    errors.add('password', t('validation.required', { label: t('validation.label.password') }));
  }
  const memberships = input.groups === undefined ? null : (errors.check(() => parseMemberships(input.groups)) ?? null);
  errors.throwIfAny();
  // Hashed only once every field is right: a mistake elsewhere costs no key stretching.
  const passwordHash = newPassword === undefined ? existing!.password_hash : await hashPassword(newPassword);


  return inTransaction(db, async (trx) => {
    const clash = await findAgentByLogin(trx, login!);
    if (clash && clash.id !== id) throw conflict('login', t('errors.agent.exists', { login }));
    if (memberships) {
      for (const [i, m] of memberships.entries()) {
        if (!(await findGroup(trx, m.groupId))) throw notFound(t('errors.noun.group', { id: m.groupId }), `groups[${i}].groupId`);
      }
    }
    const values = { login: login!, first_name: firstName!, last_name: lastName!, email: email!, password_hash: passwordHash, validity: v!, changed_at: now, changed_by: actorId };
    let agent: AgentRow;
    try {
      if (existing) {
        await trx.updateTable('agents').set(values).where('id', '=', existing.id).execute();
        agent = (await findAgent(trx, existing.id))!;
      } else {
        agent = await trx
          .insertInto('agents')
          .values({ ...values, created_at: now, created_by: actorId, last_login_at: null })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('login', t('errors.agent.exists', { login }));
      throw e;
    }
    // A new password ends the agent's sessions, in the same transaction as the change.
    if (existing && passwordHash !== existing.password_hash) await endAgentSessions(trx, agent.id);
    if (memberships) {
      if (agent.id === SUPERUSER_ID) {
        const admin = await findGroupByName(trx, 'admin');
        if (admin && !memberships.some((m) => m.groupId === admin.id && m.permission === 'rw')) {
          throw invalid('groups', t('errors.agent.rootKeepsAdmin'));
        }
      }
      await replaceMemberships(trx, agent.id, memberships);
    }
    return agent;
  });
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1000;

/**
 * Sets an agent's password and ends the agent's other sessions in one transaction; the session
 * that asked (`keepSessionId`, e.g. "my preferences") stays logged in. Answers how many sessions
 * ended. Cached Basic credentials stop working too: they are checked against the stored hash.
 */
export async function changeAgentPassword(
  db: Db,
  actorId: number,
  agentId: number,
  password: unknown,
  opts: { keepSessionId?: string } = {},
  now = nowIso(),
): Promise<{ endedSessions: number }> {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN) throw invalid('password', t('validation.passwordMin', { min: PASSWORD_MIN }));
  if (password.length > PASSWORD_MAX) throw invalid('password', t('validation.passwordMax', { max: PASSWORD_MAX }));
  const hash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    if (!(await findAgent(trx, agentId))) throw notFound(t('errors.noun.agent', { id: agentId }));
    await trx.updateTable('agents').set({ password_hash: hash, changed_at: now, changed_by: actorId }).where('id', '=', agentId).execute();
    return { endedSessions: await endAgentSessions(trx, agentId, opts.keepSessionId) };
  });
}
