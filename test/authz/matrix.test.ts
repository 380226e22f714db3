// The authorization matrix: every route the app registers × anonymous, an agent in no group, ro,
// rw and admin, against the rule table in rules.ts. A route without a rule fails here by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, testDeps } from '../helpers/app.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { addressOf, buildFixture, RANK, ROLES, routesOf, type Fixture } from './fixture.ts';
import { AUTHZ_RULES } from './rules.ts';

const ROUTES = routesOf(makeApp(testDeps({} as never, 'sqlite')));

it('has a rule for every route, and no rule for a route that is gone', () => {
  const missing = ROUTES.filter((r) => !(r in AUTHZ_RULES));
  const stale = Object.keys(AUTHZ_RULES).filter((r) => !ROUTES.includes(r));
  const help = (r: string) => `  '${r}': { need: 'public' | 'agent' | 'ro' | 'rw' | 'admin' },`;
  expect(missing, `These routes have no authorization rule. Add a line for each to AUTHZ_RULES in test/authz/rules.ts:\n${missing.map(help).join('\n')}\n`).toEqual([]);
  expect(stale, 'These rules in test/authz/rules.ts name routes the app no longer has; remove them.').toEqual([]);
});

/** Refused: 401/403, or a page sending the browser to the login form. */
function refused(status: number, location: string | null): boolean {
  return status === 401 || status === 403 || (status === 303 && (location ?? '').startsWith('/login'));
}

// One helpdesk per dialect for all routes (a fresh database per route would take minutes): the
// requests change little (a priority, a comment), and nothing that decides permissions before the
// administrators' routes, which run last.
for (const dialect of DIALECTS) describe(`authorization matrix [${dialect}]`, () => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await buildFixture(database.db, dialect);
  });
  afterAll(() => database?.close());

  // Administrators' routes last: they may change ACLs and groups under the others' feet.
  const ordered = ROUTES.filter((r) => r in AUTHZ_RULES).sort((a, b) => Number(AUTHZ_RULES[a]!.need === 'admin') - Number(AUTHZ_RULES[b]!.need === 'admin'));
  it.each(ordered)('%s', async (route) => {
    const rule = AUTHZ_RULES[route]!;
    const [method, path] = route.split(' ') as [string, string];
    await fx.refreshSessions();
    const seen: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      const headers: Record<string, string> = { ...(fx.session[role] ?? {}) };
      let body: string | undefined;
      if (method !== 'GET' && method !== 'DELETE') {
        if (path.startsWith('/api/')) {
          headers['content-type'] = rule.type ?? 'application/json';
          body = rule.body === undefined ? undefined : typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body);
        } else {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(rule.form ?? {}).toString();
        }
      }
      const res = await fx.app.request(addressOf(path) + (rule.query ? `?${rule.query}` : ''), { method, headers, ...(body !== undefined ? { body } : {}) });
      await res.arrayBuffer();
      const allowed = RANK[role] >= RANK[rule.need];
      const outcome = res.status >= 500 ? `5xx (${res.status})` : refused(res.status, res.headers.get('location')) ? 'refused' : 'allowed';
      seen.push(`${role}: ${outcome}`);
      expected.push(`${role}: ${rule.need === 'public' ? (outcome.startsWith('5xx') ? 'no 5xx' : outcome) : allowed ? 'allowed' : 'refused'}`);
    }
    expect(seen, `${route} (rule: need ${rule.need}, in test/authz/rules.ts)`).toEqual(expected);
  });
});
