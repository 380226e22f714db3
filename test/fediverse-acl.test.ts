// ACLs restrict Mastodon and Bluesky profiles by MastodonProfileID and BlueskyProfileID exactly as
// TwitterProfileID restricts X profiles, each field naming only its own type's profiles, and the
// network-neutral SocialMediaProfileID restricts profiles of every type.
import { expect, it } from 'vitest';
import { saveProfile } from '../src/core/social/service.ts';
import { allowedProfileIds } from '../src/core/social/profile-acl.ts';
import { forgetDeployedAcls } from '../src/core/options/acl.ts';
import type { ProfileRow } from '../src/db/schema.ts';
import { apiClient, makeApp, testDeps } from './helpers/app.ts';
import { describeEachDialect } from './helpers/db.ts';

const acl = (name: string, field: string, ids: number[]) => `- Name: ${name}
  Comment: ''
  Description: ''
  StopAfterMatch: 0
  ValidID: 1
  ConfigMatch:
    Properties:
      User:
        UserLogin:
        - ann
  ConfigChange:
    PossibleNot:
      Ticket:
        ${field}:
${ids.map((i) => `        - '${i}'`).join('\n')}
`;

describeEachDialect('profile ACL fields for every network', ({ db, dialect }) => {
  it('each type answers to its own field, and every type to SocialMediaProfileID', async () => {
    const deps = testDeps(db(), dialect);
    const api = apiClient(makeApp(deps));
    const ann = await api.post('/api/v1/agents', { login: 'ann', firstName: 'Ann', lastName: 'A', email: 'ann@example.com', password: 'password-1' });
    expect(ann.status).toBe(201);
    const make = (type: string, name: string) => saveProfile({ db: deps.db, secrets: deps.secrets, adapter: deps.channels.get(type)! }, 1, null, { name });
    const profiles: ProfileRow[] = [await make('twitter', 'X1'), await make('mastodon', 'M1'), await make('mastodon', 'M2'), await make('bluesky', 'B1'), await make('bluesky', 'B2')];
    const [x1, m1, m2, b1, b2] = profiles.map((p) => p.id) as [number, number, number, number, number];
    const actor = () => ({ id: ann.body.id as number, login: 'ann', access: { groups: new Map() } as never, admin: false });
    const allowed = async () => [...(await allowedProfileIds(db(), actor(), null, profiles))].sort((a, b) => a - b);

    expect(await allowed()).toEqual([x1, m1, m2, b1, b2]);
    // A TwitterProfileID rule naming a Mastodon profile's id leaves the Mastodon profile alone.
    const yaml = acl('No X1', 'TwitterProfileID', [x1, m2]) + acl('No M1', 'MastodonProfileID', [m1, b1]) + acl('No B2', 'BlueskyProfileID', [b2]);
    const imported = await api.call('POST', '/api/v1/acls', yaml, { 'content-type': 'application/yaml' });
    expect(imported.status).toBe(201);
    expect((await api.post('/api/v1/acls/deploy')).status).toBe(200);
    forgetDeployedAcls();
    expect(await allowed()).toEqual([m2, b1]);

    const neutral = acl('Only one network-neutral', 'SocialMediaProfileID', [m2]);
    expect((await api.call('POST', '/api/v1/acls', neutral, { 'content-type': 'application/yaml' })).status).toBe(201);
    expect((await api.post('/api/v1/acls/deploy')).status).toBe(200);
    forgetDeployedAcls();
    expect(await allowed()).toEqual([b1]);
  });
});
