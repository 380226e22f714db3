import { afterEach, beforeEach, expect, it } from 'vitest';
import { meterSettled } from '../src/channels/clients.ts';
import { ADMIN_PASSWORD, describeEachDialect } from './helpers/db.ts';
import { browserless, socialFixture, type SocialFixture } from './agent-fixture.ts';

// Issue 9 in the pages: the cost of a profile on the list and its page, the budget form, the
// notice when the budget pauses reading (profile list, profile page, the dashboard of agents who
// use the profile), and what sending will cost in the reply box.

describeEachDialect('pages: X cost and budget', ({ db, dialect }) => {
  let fx: SocialFixture;
  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
  });
  afterEach(() => fx.close());

  const pageUrl = () => `/admin/social-media-profiles/twitter/${fx.profile.id}`;

  it('shows what the profile cost, takes a budget, and tells everyone who uses it when reading pauses', async () => {
    const root = browserless(fx.app, 'root@localhost', ADMIN_PASSWORD);
    await fx.agent('anna');
    const anna = browserless(fx.app, 'anna');
    const alice = await fx.user('alice_c', 'Alice');
    await fx.dm(alice, 'How much?');
    await fx.tick();
    await meterSettled();

    let list = await root.get('/admin/social-media-profiles');
    expect(list.html).toContain('Cost on X');
    expect(list.html).toContain('$0.02 this month'); // a DM event and its sender
    let page = await root.get(pageUrl());
    expect(page.html).toContain('Cost on X');
    expect(page.html).toMatch(/Read this month<\/dt><dd>1 users, 1 DM events<\/dd>/);

    for (const bad of ['-3', 'ten', '1.234']) {
      const refused = await root.post(`${pageUrl()}/budget`, { monthlyBudgetUsd: bad });
      expect(refused.status).toBe(400);
      expect(refused.html).toMatch(/id="e-monthlyBudgetUsd"[^>]*>[^<]*budget/);
    }
    const saved = await root.post(`${pageUrl()}/budget`, { monthlyBudgetUsd: '0.02' });
    expect(saved.status).toBe(303);
    expect(decodeURIComponent(saved.location ?? '')).toContain('Monthly budget set to $0.02.');

    list = await root.get('/admin/social-media-profiles');
    expect(list.html).toContain('$0.02 of $0.02');
    expect(list.html).toContain('reading paused: budget reached');
    page = await root.get(pageUrl());
    expect(page.html).toMatch(/class="flash warn budget-paused"[^>]*>Reading is paused: this month&#39;s X cost \(\$0\.02\) reached the budget of \$0\.02/);
    const dash = await anna.get('/dashboard');
    expect(dash.html).toMatch(/budget-paused[\s\S]*ParleyHelp \(@parleyhelp\)[\s\S]*monthly X budget is reached/);

    // Raised: the notices go.
    await root.post(`${pageUrl()}/budget`, { monthlyBudgetUsd: '10' });
    expect((await root.get('/admin/social-media-profiles')).html).not.toContain('reading paused');
    expect((await anna.get('/dashboard')).html).not.toContain('budget-paused');
    await root.post(`${pageUrl()}/budget`, { monthlyBudgetUsd: '' });
    expect((await root.get('/admin/social-media-profiles')).html).toContain('$0.02 this month');
  });

  it('says in the reply box what sending will cost', async () => {
    await fx.agent('anna');
    const anna = browserless(fx.app, 'anna');
    const cost = async (body: string, kind: string) => {
      const html = (await anna.post('/ui/counter', { body, kind, counter: 'compose-counter', profileId: String(fx.profile.id) })).html;
      return /X bills ([^<]*)</.exec(html)?.[1];
    };
    expect(await cost('Thanks, on it', 'reply')).toBe('a reply: $0.01');
    expect(await cost('See https://shop.example.com/returns', 'reply')).toBe('a post with a link: $0.20');
    expect(await cost('See https://shop.example.com/returns', 'dm')).toBe('a direct message: $0.015');
    expect(await cost('Hello all', 'tweet')).toBe('a post: $0.015');

    const alice = await fx.user('alice_z', 'Alice');
    await fx.mention(alice, '@parleyhelp is it shipped?');
    await fx.tick();
    const ticket = await db().selectFrom('tickets').select('id').where('social_profile_id', '=', fx.profile.id).executeTakeFirstOrThrow();
    const zoom = await anna.get(`/tickets/${ticket.id}`);
    expect(zoom.html).toContain('X bills a reply: $0.01');
  });
});
