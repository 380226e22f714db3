// The customer box and customer search with what X tells about the person (user.fields), through
// the simulator: bio, location, followers, verified, account age, other tickets, a link to X.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apiClient, basic } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';
import { AGENT_PASSWORD, browserless, socialFixture, type SocialFixture } from './agent-fixture.ts';

describeEachDialect('customer context from X', ({ db, dialect }) => {
  let fx: SocialFixture;
  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
    await fx.agent('bernd');
  });
  afterEach(() => fx.close());

  it('shows bio, location, followers, verified, account age and other tickets; search finds name and part of handle', async () => {
    const carla = await fx.sim.control<{ id: string }>('POST', '/_sim/users', {
      username: 'carla_k',
      name: 'Carla Kundenfreund',
      description: 'Bakes <b>bread</b> in Köln',
      location: 'Köln',
      followersCount: 12345,
      verified: true,
      createdAt: '2019-03-01T00:00:00.000Z',
    });
    await fx.dm({ id: carla.id, username: 'carla_k' }, 'Where is my order?');
    await fx.mention({ id: carla.id, username: 'carla_k' }, '@parleyhelp still nothing');
    await fx.tick();
    const tickets = await db().selectFrom('tickets').select(['id', 'number']).orderBy('id').execute();
    expect(tickets).toHaveLength(2);

    const page = await browserless(fx.app, 'bernd').get(`/tickets/${tickets[0]!.id}`);
    const box = /<section[^>]*class="widget customer"[\s\S]*?<\/section>/.exec(page.html)?.[0] ?? '';
    expect(box).toContain('Carla Kundenfreund');
    expect(box).toContain('Bakes &lt;b&gt;bread&lt;/b&gt; in Köln');
    expect(box).toContain('Köln');
    expect(box).toContain('12,345');
    expect(box).toMatch(/Verified<\/dt><dd>yes/);
    expect(box).toMatch(/On X for<\/dt><dd[^>]*>\d+ years/);
    expect(box).toContain('href="https://x.com/carla_k"');
    expect(box).toContain(`Ticket#${tickets[1]!.number}`);
    // Ingestion acts as the system user: owners and history say "System"; agents by name.
    expect(page.html).toMatch(/<dt>Owner<\/dt><dd>System<\/dd>/);
    expect(/<section class="widget history"[\s\S]*?<\/section>/.exec(page.html)?.[0]).toContain('— System,');
    await fx.deps.db.updateTable('agents').set({ first_name: 'Bernd', last_name: 'Berger' }).where('login', '=', 'bernd').execute();
    await browserless(fx.app, 'bernd').post(`/tickets/${tickets[0]!.id}/lock`, { lock: 'lock' });
    const locked = await browserless(fx.app, 'bernd').get(`/tickets/${tickets[0]!.id}`);
    expect(locked.html).toMatch(/<dt>Owner<\/dt><dd>Bernd Berger \(bernd\)<\/dd>/);
    expect(/<section class="widget history"[\s\S]*?<\/section>/.exec(locked.html)?.[0]).toContain('— Bernd Berger (bernd),');

    const api = apiClient(fx.app, basic('bernd', AGENT_PASSWORD));
    for (const q of ['Kundenfreund', 'carla', 'rla_', '@carla_k']) {
      const found = await api.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`);
      expect(found.body.total, q).toBe(2);
      const customers = await api.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
      expect(customers.body.total, q).toBe(1);
    }
    expect((await api.get('/api/v1/tickets?q=nobody')).body.total).toBe(0);
    const customer = (await api.get('/api/v1/customers?q=carla')).body.items[0];
    expect(customer.identities[0]).toMatchObject({ bio: 'Bakes <b>bread</b> in Köln', location: 'Köln', followersCount: 12345, verified: true, accountCreatedAt: '2019-03-01T00:00:00.000Z' });
  });
});
