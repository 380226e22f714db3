import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveAgent } from '../src/core/agents/service.ts';
import { createTicket, updateTicket } from '../src/core/tickets/service.ts';
import { actorById } from '../src/web/auth/agents.ts';
import { createWorker } from '../src/worker/worker.ts';
import { testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

// Notification e-mails against a real SMTP server on 127.0.0.1 (smtp-server), sent by the worker.

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let server: SMTPServer;
let port = 0;
const inbox: Received[] = [];
/** When set, the server refuses the next n messages with a temporary error. */
let refuse = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse -= 1;
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(err);
        }
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describeEachDialect('notification e-mails', ({ db, dialect }) => {
  it('an assignment reaches the SMTP server once; a refused mail is retried; a crashed send keeps its Message-ID', async () => {
    inbox.length = 0;
    const deps = testDeps(db(), dialect, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Parley <help@example.com>', publicUrl: 'https://parley.example.com' });
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    const anna = await saveAgent(db(), 1, null, { login: 'anna', firstName: 'Anna', lastName: 'Schmidt', email: 'anna@example.com', password: 'agent-password-1', groups: [{ groupId: users.id, permission: 'rw' }] });
    const raw = await db().selectFrom('queues').selectAll().where('name', '=', 'Raw').executeTakeFirstOrThrow();
    const root = (await actorById(db(), 1))!;
    const worker = createWorker(deps, { pollSeconds: 60, mail: { backoffMs: () => 0 } });

    const t = await createTicket(db(), { title: 'Refund for order 42', queueId: raw.id }, 1);
    await updateTicket(db(), root, t.id, { ownerId: anna.id });
    await worker.tick();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toEqual(['anna@example.com']);
    expect(inbox[0]!.from).toBe('help@example.com');
    expect(inbox[0]!.raw).toContain(`ticket ${t.number}`);
    expect(inbox[0]!.raw).toContain(`https://parley.example.com/tickets/${t.id}`);
    const firstId = /Message-ID: (<[^>]+>)/i.exec(inbox[0]!.raw)![1];
    await worker.tick();
    expect(inbox).toHaveLength(1);
    expect(await db().selectFrom('notifications').select(['email_status', 'email_attempts']).executeTakeFirstOrThrow()).toEqual({ email_status: 'sent', email_attempts: 1 });

    // The server says "try later": the mail waits and goes out on the next pass, once.
    refuse = 1;
    const t2 = await createTicket(db(), { title: 'Second one', queueId: raw.id }, 1);
    await updateTicket(db(), root, t2.id, { ownerId: anna.id });
    await worker.tick();
    const retried = await db().selectFrom('notifications').select(['email_status', 'email_attempts']).where('ticket_id', '=', t2.id).executeTakeFirstOrThrow();
    expect(retried).toEqual({ email_status: 'sent', email_attempts: 2 });
    expect(inbox).toHaveLength(2);
    expect(inbox[1]!.raw).toContain('Second one');

    // A worker died mid-send (row leased, lease expired): the next one sends it with the same Message-ID.
    await db().updateTable('notifications').set({ email_status: 'sending', email_lease_owner: 'dead', email_lease_until: '2000-01-01T00:00:00.000Z' }).where('ticket_id', '=', t.id).execute();
    await worker.tick();
    expect(inbox).toHaveLength(3);
    expect(/Message-ID: (<[^>]+>)/i.exec(inbox[2]!.raw)![1]).toBe(firstId);

    // Switched off by the agent: no mail, the bell still has it.
    await db().insertInto('agent_preferences').values({ agent_id: anna.id, notify: JSON.stringify({ assigned: { email: false } }), changed_at: new Date().toISOString() }).execute();
    const t3 = await createTicket(db(), { title: 'Third', queueId: raw.id }, 1);
    await updateTicket(db(), root, t3.id, { ownerId: anna.id });
    await worker.tick();
    expect(inbox).toHaveLength(3);
    expect(await db().selectFrom('notifications').select(['web', 'email_status']).where('ticket_id', '=', t3.id).executeTakeFirstOrThrow()).toEqual({ web: 1, email_status: null });
    await worker.stop();
  });

  it('without PARLEY_SMTP_URL nothing is sent, and a mail left pending for a day is dropped, not sent late', async () => {
    inbox.length = 0;
    const users = await db().selectFrom('groups').select('id').where('name', '=', 'users').executeTakeFirstOrThrow();
    const anna = await saveAgent(db(), 1, null, { login: 'anna', firstName: 'Anna', lastName: 'Schmidt', email: 'anna@example.com', password: 'agent-password-1', groups: [{ groupId: users.id, permission: 'rw' }] });
    const raw = await db().selectFrom('queues').selectAll().where('name', '=', 'Raw').executeTakeFirstOrThrow();
    const root = (await actorById(db(), 1))!;
    const t = await createTicket(db(), { title: 'Old news', queueId: raw.id }, 1);
    await updateTicket(db(), root, t.id, { ownerId: anna.id });
    const off = createWorker(testDeps(db(), dialect), { pollSeconds: 60 });
    await off.tick();
    expect(inbox).toHaveLength(0);
    await db().updateTable('notifications').set({ created_at: '2000-01-01T00:00:00.000Z' }).execute();
    const on = createWorker(testDeps(db(), dialect, { smtpUrl: `smtp://127.0.0.1:${port}` }), { pollSeconds: 60 });
    await on.tick();
    expect(inbox).toHaveLength(0);
    expect((await db().selectFrom('notifications').select('email_status').executeTakeFirstOrThrow()).email_status).toBe('skipped');
    await on.stop();
  });
});
