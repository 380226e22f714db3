import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/db.ts';
import { loadAgentAccess } from '../../db/repos/agents.ts';
import { findQueueByName } from '../../db/repos/queues.ts';
import { listHistory } from '../../db/repos/tickets.ts';
import type { Db } from '../../db/schema.ts';
import { saveAgent, saveGroup } from '../agents/service.ts';
import { isAdmin } from '../agents/permissions.ts';
import { AppError } from '../errors.ts';
import { saveQueue } from '../queues/service.ts';
import { isValidTicketNumber } from './number.ts';
import { addNote, createTicket, updateTicket, type Actor } from './service.ts';

async function actorFor(db: Db, id: number): Promise<Actor> {
  const agent = (await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const access = await loadAgentAccess(db, agent);
  return { id, login: agent.login, access, admin: isAdmin(access) };
}

async function expectError(p: Promise<unknown>, code: string, field?: string): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    if (field) expect((e as AppError).field).toBe(field);
    return e as AppError;
  }
  throw new Error('expected an error');
}

describeEachDialect('ticket service', ({ db }) => {
  async function setup() {
    const sales = await saveGroup(db(), 1, null, { name: 'sales' });
    const salesQueue = await saveQueue(db(), 1, null, { name: 'Sales', groupId: sales.id, followUp: 'possible' });
    const users = (await db().selectFrom('groups').selectAll().where('name', '=', 'users').executeTakeFirstOrThrow());
    const misc = (await findQueueByName(db(), 'Misc'))!;
    const alice = await saveAgent(db(), 1, null, {
      login: 'alice', firstName: 'Alice', lastName: 'A', email: 'alice@example.com', password: 'password-1',
      groups: [{ groupId: users.id, permission: 'rw' }, { groupId: sales.id, permission: 'ro' }],
    });
    const bob = await saveAgent(db(), 1, null, {
      login: 'bob', firstName: 'Bob', lastName: 'B', email: 'bob@example.com', password: 'password-1',
      groups: [{ groupId: users.id, permission: 'rw' }],
    });
    return { misc, salesQueue, alice: await actorFor(db(), alice.id), bob: await actorFor(db(), bob.id), root: await actorFor(db(), 1) };
  }

  it('creates tickets with unique, valid OTRS numbers and a history entry', async () => {
    const { misc } = await setup();
    const a = await createTicket(db(), { title: 'First', queueId: misc.id }, 1);
    const b = await createTicket(db(), { title: 'Second', queueId: misc.id }, 1);
    expect(a.number).not.toBe(b.number);
    expect(isValidTicketNumber(a.number)).toBe(true);
    expect(Number(b.number.slice(10, 15))).toBe(Number(a.number.slice(10, 15)) + 1);
    expect(a).toMatchObject({ state: 'new', state_type: 'new', lock: 'unlock', owner_id: 1, priority: 3 });
    const history = await listHistory(db(), a.id);
    expect(history.map((h) => h.type)).toEqual(['NewTicket']);
  });

  it('locks (taking ownership), closes (unlocking) and writes one history entry per change', async () => {
    const { misc, alice } = await setup();
    const t = await createTicket(db(), { title: 'T', queueId: misc.id }, 1);
    const locked = await updateTicket(db(), alice, t.id, { lock: 'lock' });
    expect(locked).toMatchObject({ lock: 'lock', owner_id: alice.id });
    const closed = await updateTicket(db(), alice, t.id, { state: 'closed successful' });
    expect(closed).toMatchObject({ state: 'closed successful', state_type: 'closed', lock: 'unlock' });
    const types = (await listHistory(db(), t.id)).map((h) => h.type);
    expect(types).toEqual(['NewTicket', 'OwnerUpdate', 'Lock', 'StateUpdate', 'Unlock']);
  });

  it('refuses changes by another agent while the ticket is locked, and changes nothing', async () => {
    const { misc, alice, bob, root } = await setup();
    const t = await createTicket(db(), { title: 'T', queueId: misc.id }, 1);
    await updateTicket(db(), alice, t.id, { lock: 'lock' });
    await expectError(updateTicket(db(), bob, t.id, { state: 'open' }), 'conflict', 'lock');
    await expectError(updateTicket(db(), bob, t.id, { lock: 'unlock' }), 'conflict', 'lock');
    const unlocked = await updateTicket(db(), root, t.id, { lock: 'unlock' });
    expect(unlocked.lock).toBe('unlock');
  });

  it('checks permissions: ro can see but not change; no membership cannot see', async () => {
    const { salesQueue, alice, bob } = await setup();
    const t = await createTicket(db(), { title: 'S', queueId: salesQueue.id }, 1);
    await expectError(updateTicket(db(), alice, t.id, { state: 'open' }), 'forbidden');
    await expectError(updateTicket(db(), bob, t.id, { state: 'open' }), 'forbidden');
    await expectError(addNote(db(), alice, t.id, 'x'), 'forbidden');
  });

  it('validates everything before writing anything', async () => {
    const { misc, alice } = await setup();
    const t = await createTicket(db(), { title: 'T', queueId: misc.id }, 1);
    await expectError(updateTicket(db(), alice, t.id, { title: 'New title', state: 'bogus' }), 'invalid_input', 'state');
    await expectError(updateTicket(db(), alice, t.id, { title: 'New title', queueId: 9999 }), 'not_found', 'queueId');
    await expectError(updateTicket(db(), alice, t.id, { ownerId: 1, priority: 9 }), 'invalid_input', 'priority');
    const after = await db().selectFrom('tickets').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(after.title).toBe('T');
    expect((await listHistory(db(), t.id)).length).toBe(1);
  });

  it('moves only into queues the agent may write, and owners need rw on the queue', async () => {
    const { misc, salesQueue, alice, bob } = await setup();
    const t = await createTicket(db(), { title: 'T', queueId: misc.id }, 1);
    await expectError(updateTicket(db(), alice, t.id, { queueId: salesQueue.id }), 'forbidden', 'queueId');
    const owned = await updateTicket(db(), alice, t.id, { ownerId: bob.id });
    expect(owned.owner_id).toBe(bob.id);
  });

  it('adds internal notes', async () => {
    const { misc, alice } = await setup();
    const t = await createTicket(db(), { title: 'T', queueId: misc.id }, 1);
    const note = await addNote(db(), alice, t.id, '  looked into it  ');
    expect(note).toMatchObject({ channel: 'note', body: 'looked into it', visible_for_customer: 0, sender_type: 'agent' });
    await expectError(addNote(db(), alice, t.id, '   '), 'invalid_input', 'body');
  });
});

