import { describe, expect, it } from 'vitest';
import { billedRead, billedWrite, billedWriteOf } from './billing.ts';

describe('billedRead', () => {
  it.each([
    ['GET /2/users/:id/mentions', 'users/1/mentions', { data: [{ id: '10' }, { id: '11' }], includes: { users: [{ id: '2' }] } }, ['ownedPost:10', 'ownedPost:11', 'user:2']],
    ['GET /2/users/:id/tweets', 'users/7/tweets', { data: [{ id: '10' }] }, ['post:10']],
    ['GET /2/dm_events', 'dm_events', { data: [{ id: '5' }], includes: { users: [{ id: '2' }] } }, ['dmEvent:5', 'user:2']],
    ['GET /2/users/me', 'users/me', { data: { id: '1' } }, ['user:1']],
    ['GET /2/users/by/username/:username', 'users/by/username/x', { errors: [{ title: 'Not Found Error' }] }, []],
    ['GET /2/dm_events', 'dm_events', { meta: { result_count: 0 } }, []],
    ['GET /2/users/:id/mentions', 'users/1/mentions', { data: [{ id: '10' }], includes: { media: [{ media_key: '3_9' }] } }, ['ownedPost:10', 'media:3_9']],
  ])('%s %s', (endpoint, path, answer, expected) => {
    expect(billedRead(endpoint, path, '1', answer).reads.map((r) => `${r.kind}:${r.id}`)).toEqual(expected);
  });

  it('does not call a read owned when the account is unknown', () => {
    expect(billedRead('GET /2/users/:id/mentions', 'users/1/mentions', null, { data: [{ id: '10' }] }).reads).toEqual([{ kind: 'post', id: '10' }]);
  });
});

describe('billedWrite', () => {
  it.each([
    ['POST /2/tweets', { text: 'hello' }, 'post'],
    ['POST /2/tweets', { text: 'see example.com/help' }, 'postWithUrl'],
    ['POST /2/tweets', { text: '@a thanks', reply: { in_reply_to_tweet_id: '9' } }, 'summonedReply'],
    ['POST /2/tweets', { text: '@a https://x.co/1', reply: { in_reply_to_tweet_id: '9' } }, 'postWithUrl'],
    ['POST /2/dm_conversations/with/:participant_id/messages', { text: 'https://example.com' }, 'dm'],
    ['POST /2/media/metadata', { id: '1' }, 'media'],
  ])('%s %j → %s', (endpoint, body, write) => {
    expect(billedWrite(endpoint, body)?.write).toBe(write);
  });

  it('bills nothing for writes X does not charge', () => {
    expect(billedWrite('POST /2/media/upload', {})).toBeNull();
  });

  it('classifies a draft the same way', () => {
    expect(billedWriteOf({ kind: 'tweet', text: 'go to https://shop.example.com', inReplyToExternalId: '1' })).toBe('postWithUrl');
    expect(billedWriteOf({ kind: 'dm', text: 'hi' })).toBe('dm');
  });
});
