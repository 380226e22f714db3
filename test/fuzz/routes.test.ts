// Property-based fuzzing of every route (REST API and forms), on each database: hostile ids,
// queries, JSON and form bodies, from anonymous up to admin. Whatever comes in, the answer is never
// a 5xx, and an answer of 4xx leaves the data unchanged.
//
// Seeded: FUZZ_SEED=<n> replays a run (the default changes daily); FUZZ_RUNS and FUZZ_MS bound it.
// A failure prints the seed and the request that failed.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.ts';
import { makeApp, testDeps } from '../helpers/app.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { buildFixture, routesOf, type Fixture } from '../authz/fixture.ts';
import type { Role } from '../authz/rules.ts';

const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
const SEED = Number(process.env.FUZZ_SEED ?? today);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const TIME_MS = Number(process.env.FUZZ_MS ?? 15_000);

const ROUTES = routesOf(makeApp(testDeps({} as never, 'sqlite')));

// The data a 4xx must leave alone (sessions, login attempts and token use are bookkeeping).
const WATCHED = ['tickets', 'articles', 'ticket_history', 'ticket_links', 'outbox', 'groups', 'agents', 'agent_groups', 'queues', 'acls', 'acl_deployments', 'social_profiles', 'customer_users', 'customer_identities', 'settings'];

async function dump(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const t of WATCHED) {
    const rows = await sql.raw(`select * from ${t} order by 1`).execute(db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n');
}

const KEYS = [
  'name', 'login', 'title', 'body', 'queueId', 'ownerId', 'groupId', 'agentId', 'customerId', 'profileId', 'targetQueueId', 'state', 'lock', 'priority',
  'comment', 'validity', 'members', 'groups', 'password', 'email', 'firstName', 'lastName', 'kind', 'to', 'pendingUntil', 'followUp', 'followUpLock',
  'Name', 'Comment', 'ValidID', 'ConfigMatch', 'ConfigChange', 'StopAfterMatch', 'next', 'after', 'before', 'limit', 'offset', 'q', 'page', 'sort',
  'order', 'queue', 'owner', '_csrf', '__proto__', 'constructor', 'toString',
];

const hostileText = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '2147483648', '2147483647', '99999999999999999999', '0x1', '1e3', '-1', '1.5', '0', '', ' ', 'NaN', 'Infinity',
    '__proto__', 'constructor', 'toString', '../../etc/passwd', '<script>alert(1)</script>', "'; drop table tickets; --", '%', '%00', '\\', '/\\evil.example',
    '[RegExp]^(a+)+$', '*a', '&a [*a]', 'open', 'closed successful', 'lock', 'rw', 'valid', 'twitter', 'dm', 'note', 'reply', '😀'.repeat(100)),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 250, maxLength: 300 }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.constantFrom(2 ** 31, 2 ** 31 - 1, -1, 0, 1, 1.5, 1e308, -0),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const idText = fc.oneof(fc.constantFrom('1', '2', '2147483647', '2147483648', '0', '-1', '0x1', '1.5', '1e3', 'abc', 'constructor', '__proto__', '%00', '99999999999'), fc.nat().map(String));

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  role: fc.constantFrom<Role>('public', 'agent', 'rw', 'admin'),
  param: idText,
  query: fc.dictionary(fc.constantFrom(...KEYS), hostileText, { maxKeys: 3 }),
  body: fc.oneof(
    fc.record({ kind: fc.constant('json' as const), value: fc.dictionary(fc.constantFrom(...KEYS), hostileValue, { maxKeys: 5 }) }),
    fc.record({ kind: fc.constant('json' as const), value: hostileValue }),
    fc.record({ kind: fc.constant('text' as const), type: fc.constantFrom('application/json', 'application/yaml', 'text/plain', 'application/x-www-form-urlencoded'), value: fc.oneof(hostileText, fc.constantFrom('{', '{"a":', '- &a [*a]', '- Name: x\n  Comment: [', 'a=%00', '%%%')) }),
    fc.record({ kind: fc.constant('form' as const), value: fc.dictionary(fc.constantFrom(...KEYS), hostileText, { maxKeys: 5 }) }),
  ),
});

type Req = typeof request extends fc.Arbitrary<infer T> ? T : never;

function toFetch(r: Req, fx: Fixture): { url: string; init: RequestInit } {
  const [method, pattern] = r.route.split(' ') as [string, string];
  const path = pattern.replace(/:[A-Za-z]+(\{[^}]*\})?/g, encodeURIComponent(r.param)).replace(/\*/g, encodeURIComponent(r.param));
  const qs = new URLSearchParams(r.query as Record<string, string>).toString();
  const headers: Record<string, string> = { ...(fx.session[r.role] ?? {}) };
  let body: string | undefined;
  if (method !== 'GET' && method !== 'DELETE') {
    if (r.body.kind === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(r.body.value) ?? 'null';
    } else if (r.body.kind === 'text') {
      headers['content-type'] = r.body.type;
      body = r.body.value;
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(r.body.value as Record<string, string>).toString();
    }
  }
  return { url: `${path}${qs ? `?${qs}` : ''}`, init: { method, headers, ...(body !== undefined ? { body } : {}) } };
}

for (const dialect of DIALECTS) {
  describe(`fuzz: every route [${dialect}]`, () => {
    let database: TestDatabase;
    let fx: Fixture;
    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      fx = await buildFixture(database.db, dialect);
    });
    afterAll(() => database?.close());

    it(`answers hostile requests with 4xx and changes nothing (seed ${SEED})`, async () => {
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          await fx.refreshSessions();
          const before = await dump(database.db);
          const { url, init } = toFetch(r, fx);
          const res = await fx.app.request(url, init);
          const text = await res.text();
          const where = `${init.method} ${url} as ${r.role} (FUZZ_SEED=${SEED} replays this run)`;
          expect(res.status, `${where}: ${text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) expect(await dump(database.db), `${where} answered ${res.status} but changed data`).toBe(before);
        }),
        { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_MS, markInterruptAsFailure: false, endOnFailure: true },
      );
    }, TIME_MS + 60_000);
  });
}
