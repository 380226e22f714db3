// Findings of the new-user walkthrough (issue 11, item 8) over HTTP: the queue view's profile filter,
// the admin profile filter text, a switched-off profile in the reply box.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SEED_ACL_YAML } from '../src/core/acl/index.ts';
import { describeEachDialect } from './helpers/db.ts';
import { browserless, deployAcls, newestTicket, socialFixture, type SocialFixture } from './agent-fixture.ts';

const optionsOf = (html: string, id: string) =>
  [...(new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '').matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter(Boolean);

describeEachDialect('walkthrough findings', ({ db, dialect }) => {
  let fx: SocialFixture;
  beforeEach(async () => {
    fx = await socialFixture(db(), dialect);
  });
  afterEach(() => fx.close());

  it("the queue view's Twitter app filter lists only the profiles the agent may use", async () => {
    await fx.agent('anna', [{ name: 'twitter', permission: 'rw' }]);
    await fx.agent('junior');
    await deployAcls(fx.app, SEED_ACL_YAML);
    expect(optionsOf((await browserless(fx.app, 'anna').get('/tickets')).html, 'f-profile')).toEqual([String(fx.profile.id)]);
    expect(optionsOf((await browserless(fx.app, 'junior').get('/tickets')).html, 'f-profile')).toEqual([]);
  });

  it('the admin profile filter matches the account too', async () => {
    const html = (await browserless(fx.app, 'root@localhost', 'admin-password-1').get('/admin/social-media-profiles')).html;
    expect(html).toMatch(new RegExp(`data-filter="ParleyHelp @${fx.sim.account.username}`, 'i'));
  });

  it('a switched-off profile says so in the reply box', async () => {
    await fx.agent('anna', [{ name: 'twitter', permission: 'rw' }]);
    const alice = await fx.user('alice', 'Alice');
    await fx.dm(alice, 'Hello?');
    await fx.tick();
    const ticket = await newestTicket(db());
    await db().updateTable('social_profiles').set({ validity: 'invalid' }).where('id', '=', fx.profile.id).execute();
    const html = (await browserless(fx.app, 'anna').get(`/tickets/${ticket.id}`)).html;
    expect(html).toContain('of this ticket is switched off (invalid)');
    expect(html).not.toContain('ask an administrator');
  });
});
