import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradientPng } from '../common/png.ts';
import { blobCid } from './state.ts';
import { startBlueskySim, type BlueskyFixture } from './testing.ts';

// The Bluesky simulator's blobs as the PDS and the lexicon have them: uploadBlob answers a blob ref
// with the content's CID and sniffed type; a post embeds at most four images of at most 1,000,000
// bytes that the account itself uploaded; getBlob serves the original without auth from the PDS
// that the author's DID document names.

const PNG = gradientPng(10, 5, [10, 200, 90]);

describe('Bluesky simulator media', () => {
  let f: BlueskyFixture;
  let help: { did: string; handle: string; appPassword: string };
  let carol: { did: string; avatar: string };
  let jwt: string;
  beforeAll(async () => {
    f = await startBlueskySim();
    help = await f.control('POST', '/_sim/accounts', { handle: 'help.bsky.example' });
    carol = await f.control('POST', '/_sim/users', { handle: 'carol.bsky.example' });
    const s = await fetch(`${f.url}/xrpc/com.atproto.server.createSession`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: help.handle, password: help.appPassword }) });
    jwt = ((await s.json()) as { accessJwt: string }).accessJwt;
  });
  afterAll(() => f.close());
  const upload = async (bytes: Buffer, type: string) => {
    const res = await fetch(`${f.url}/xrpc/com.atproto.repo.uploadBlob`, { method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': type }, body: new Uint8Array(bytes) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const post = async (embed: unknown) => {
    const res = await fetch(`${f.url}/xrpc/com.atproto.repo.createRecord`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ repo: help.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: '', createdAt: new Date().toISOString(), embed } }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const images = (...blobs: unknown[]) => ({ $type: 'app.bsky.embed.images', images: blobs.map((image) => ({ image, alt: '' })) });

  it('answers a blob ref with the CID of the content and the type it sniffed', async () => {
    const { status, body } = await upload(PNG, 'application/octet-stream');
    expect(status).toBe(200);
    expect(body['blob']).toEqual({ $type: 'blob', ref: { $link: blobCid(PNG) }, mimeType: 'image/png', size: PNG.length });
    expect(blobCid(PNG)).toMatch(/^bafkrei[a-z2-7]{52}$/);
  });

  it('embeds up to four images of at most 1,000,000 bytes, uploaded by the account itself', async () => {
    const { body } = await upload(PNG, 'image/png');
    const blob = body['blob'];
    expect((await post(images(blob, blob, blob, blob, blob))).body['message']).toMatch(/must not have more than 4/);
    const big = (await upload(Buffer.concat([PNG, Buffer.alloc(1_000_001)]), 'image/png')).body['blob'];
    expect((await post(images(big))).body['message']).toMatch(/file too big \(1000\d+ bytes\)\. Max size is 1000000 bytes/);
    expect((await post(images({ ...blob, ref: { $link: blobCid(Buffer.from('other')) } }))).body).toMatchObject({ error: 'BlobNotFound' });
    expect((await post({ $type: 'app.bsky.embed.images', images: [{ image: blob }] })).body['message']).toMatch(/"alt"/);
    expect((await post(images(blob))).status).toBe(200);
  });

  it('serves a referenced blob without auth from the PDS named in the DID document', async () => {
    const made = await f.control<{ record: { embed: { images: { image: { ref: { $link: string } } }[] } } }>('POST', '/_sim/posts', { authorDid: carol.did, text: '@help.bsky.example look', images: [{ data: PNG.toString('base64'), alt: 'the label' }] });
    const cid = made.record.embed.images[0]!.image.ref.$link;
    const doc = (await (await fetch(`${f.url}/xrpc/com.atproto.identity.resolveDid?did=${carol.did}`)).json()) as { didDoc: { service: { id: string; serviceEndpoint: string }[] } };
    expect(doc.didDoc.service).toEqual([{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: f.url }]);
    const res = await fetch(`${f.url}/xrpc/com.atproto.sync.getBlob?did=${carol.did}&cid=${cid}`);
    expect([res.status, res.headers.get('content-type'), res.headers.get('x-content-type-options')]).toEqual([200, 'image/png', 'nosniff']);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await (await fetch(`${f.url}/xrpc/com.atproto.sync.getBlob?did=${help.did}&cid=${blobCid(Buffer.from("never"))}`)).json())).toMatchObject({ error: 'BlobNotFound' });
    const avatar = await fetch(carol.avatar);
    expect([avatar.status, avatar.headers.get('content-type')]).toEqual([200, 'image/png']);
  });
});
