import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { checkLink, checkMerge, mergeTarget, parseLinkType, planSplit } from './relations.ts';

const err = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return `${e.code}:${e.field ?? ''}`;
  }
};

describe('checkMerge', () => {
  it.each([
    ['open into open', { id: 1, stateType: 'open' }, { id: 2, stateType: 'open' }, 'ok'],
    ['closed into new', { id: 1, stateType: 'closed' }, { id: 2, stateType: 'new' }, 'ok'],
    ['into a closed ticket', { id: 1, stateType: 'new' }, { id: 2, stateType: 'closed' }, 'ok'],
    ['into itself', { id: 1, stateType: 'open' }, { id: 1, stateType: 'open' }, 'invalid_input:targetTicketId'],
    ['a merged ticket again', { id: 1, stateType: 'merged' }, { id: 2, stateType: 'open' }, 'conflict:id'],
    ['into a merged ticket', { id: 1, stateType: 'open' }, { id: 2, stateType: 'merged' }, 'invalid_input:targetTicketId'],
    ['into a removed ticket', { id: 1, stateType: 'open' }, { id: 2, stateType: 'removed' }, 'invalid_input:targetTicketId'],
  ])('%s', (_n, source, target, expected) => {
    expect(err(() => checkMerge(source, target))).toBe(expected);
  });
});

describe('planSplit', () => {
  it.each([
    ['the last article', [10, 11, 12], 12, [12]],
    ['a middle article takes the later ones', [10, 11, 12], 11, [11, 12]],
  ])('%s', (_n, ids, at, expected) => {
    expect(planSplit(ids, at)).toEqual(expected);
  });
  it.each([
    ['the first article', [10, 11], 10, 'invalid_input:articleId'],
    ['the only article', [10], 10, 'invalid_input:articleId'],
    ['an article of another ticket', [10, 11], 99, 'not_found:articleId'],
  ])('refuses %s', (_n, ids, at, expected) => {
    expect(err(() => planSplit(ids, at))).toBe(expected);
  });
});

describe('links', () => {
  it.each([
    ['Normal', 'ok'],
    ['ParentChild', 'ok'],
    ['normal', 'invalid_input:type'],
    [undefined, 'invalid_input:type'],
    [3, 'invalid_input:type'],
  ])('type %s', (type, expected) => {
    expect(err(() => parseLinkType(type))).toBe(expected);
  });
  it.each([
    ['new link', 1, 2, [], 'ok'],
    ['to itself', 1, 1, [], 'invalid_input:targetTicketId'],
    ['linked already', 1, 2, [{ source: 1, target: 2, type: 'Normal' }], 'conflict:targetTicketId'],
    ['linked the other way', 1, 2, [{ source: 2, target: 1, type: 'ParentChild' }], 'conflict:targetTicketId'],
    ['other links do not count', 1, 2, [{ source: 1, target: 3, type: 'Normal' }], 'ok'],
  ])('%s', (_n, s, t, existing, expected) => {
    expect(err(() => checkLink(s, t, existing))).toBe(expected);
  });
});

describe('mergeTarget', () => {
  it.each([
    ['not merged', 5, [], 5],
    ['merged once', 5, [[5, 7]], 7],
    ['a chain', 5, [[5, 7], [7, 9]], 9],
    ['a loop is cut', 5, [[5, 7], [7, 5]], 5],
  ] as [string, number, [number, number][], number][])('%s', (_n, id, pairs, expected) => {
    expect(mergeTarget(id, new Map(pairs))).toBe(expected);
  });
});
