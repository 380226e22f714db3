import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimFixture } from '../sim/x/testing.ts';
import { meterSettled } from '../src/channels/clients.ts';
import { apiClient, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { connectProfile, eagerWorker, makeDue, sendDm, simUser } from './helpers/x.ts';

// GET /metrics: its content after real work against the simulator, and who may read it.

const TOKEN = 'metrics-token-for-tests-0123';

describeEachDialect('GET /metrics', ({ db, dialect }) => {
  let sim: SimFixture;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('shows requests, X calls, ingested entities, billed cost per profile and the outbox, to holders of the token', async () => {
    const deps = testDeps(db(), dialect, { xApiUrl: sim.running.url, metricsToken: TOKEN });
    const app = makeApp(deps);
    const api = apiClient(app);
    const { account, profile } = await connectProfile(deps, sim);
    await api.patch(`/api/v1/social-media-profiles/${profile.id}`, { monthlyBudgetUsd: 5 });
    await sendDm(sim, await simUser(sim, 'Gina'), account, 'Metrics please');
    const worker = eagerWorker(deps);
    await makeDue(deps);
    await worker.tick();
    await meterSettled();
    // A reply waiting in the outbox (not delivered: no tick).
    const ticket = await db().selectFrom('tickets').select('id').where('social_profile_id', '=', profile.id).executeTakeFirstOrThrow();
    await api.post(`/api/v1/tickets/${ticket.id}/articles`, { body: 'Soon.', kind: 'dm' });

    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const p = profile.name;
    expect(text).toMatch(/parley_http_requests_total\{method="PATCH",route="\/api\/v1\/social-media-profiles\/:id",status="200"\} [1-9]/);
    expect(text).toMatch(new RegExp(`parley_x_calls_total\\{profile="${p}",endpoint="GET /2/dm_events",status="200"\\} [1-9]`));
    expect(text).toMatch(new RegExp(`parley_ingested_entities_total\\{profile="${p}",stream="dms",result="created"\\} 1`));
    expect(text).toContain(`parley_x_billed_resources_month{profile="${p}",kind="dmEvent"} 1`);
    expect(text).toContain(`parley_x_billed_resources_month{profile="${p}",kind="user"} 1`);
    expect(text).toContain(`parley_x_billed_usd_month{profile="${p}"} 0.02`);
    expect(text).toContain(`parley_x_budget_usd_month{profile="${p}"} 5`);
    expect(text).toMatch(/^parley_outbox_queued 1$/m);
    expect(text).toMatch(/^parley_outbox_oldest_queued_age_seconds \d/m);

    for (const authorization of ['Bearer wrong-token-0000000000', '']) {
      const refused = await app.request('/metrics', { headers: { authorization } });
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain(p);
    }
  });

  it('is open to a direct connection from localhost only: not through a proxy, not from elsewhere', async () => {
    const deps = testDeps(db(), dialect, { xApiUrl: sim.running.url });
    const app = makeApp(deps);
    const server = await new Promise<{ url: string; close: () => void }>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
      );
    });
    try {
      const local = await fetch(`${server.url}/metrics`);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain('parley_outbox_queued');
      expect((await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
      // No token is configured: a bearer opens nothing.
      expect((await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer anything-at-all-000' } })).status).toBe(403);
    } finally {
      server.close();
    }
    // Without a socket (as from elsewhere) and without a token: refused.
    expect((await app.request('/metrics')).status).toBe(403);
  });
});
