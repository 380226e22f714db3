import { describe, expect, it } from 'vitest';
import { mentionedHandles, summonedReplyTarget, type ReplyCandidate } from './summoned.ts';

const inc = (externalId: string, text: string, quotesAccount = false): ReplyCandidate => ({ externalId, direction: 'incoming', text, quotesAccount });
const out = (externalId: string, text: string): ReplyCandidate => ({ externalId, direction: 'outgoing', text });

describe('mentionedHandles', () => {
  it.each([
    ['@Help where is it?', ['help']],
    ['hi @help, and @other_one.', ['help', 'other_one']],
    ['mail me at me@help.com', []],
    ['@help_desk is not @help', ['help_desk', 'help']],
    ['no mention here', []],
  ])('%s', (text, expected) => {
    expect([...mentionedHandles(text)]).toEqual(expected);
  });
});

describe('summonedReplyTarget', () => {
  it.each([
    ['the newest post naming the account', [inc('3', 'still waiting'), inc('2', '@Help any news?'), inc('1', '@help hi')], { ok: true, externalId: '2' }],
    ['the newest post, when it names the account', [inc('3', 'thanks @HELP'), inc('1', '@help hi')], { ok: true, externalId: '3' }],
    ['a quote of the account’s post counts', [inc('3', 'look at this', true), inc('1', 'hi')], { ok: true, externalId: '3' }],
    ['our own posts are not the customer’s', [out('4', '@carol we are on it @help'), inc('3', 'ok')], { ok: false, reason: 'not_summoned' }],
    ['an address is not a mention', [inc('3', 'write to support@help')], { ok: false, reason: 'not_summoned' }],
    ['a longer handle is another account', [inc('3', '@help_team hello')], { ok: false, reason: 'not_summoned' }],
    ['no customer post at all', [out('4', 'We are open today.')], { ok: false, reason: 'no_post' }],
    ['nothing', [], { ok: false, reason: 'no_post' }],
  ])('%s', (_, posts, expected) => {
    expect(summonedReplyTarget(posts, 'Help')).toMatchObject(expected);
  });

  it('names the account and offers a DM when it refuses', () => {
    const target = summonedReplyTarget([inc('3', 'still waiting')], 'Help');
    expect(target).toMatchObject({ ok: false, message: expect.stringContaining('@Help') });
    expect(!target.ok && target.message).toContain('direct message');
  });
});
