import ret, { types, type Root, type Token } from 'ret';
import { t } from '../../i18n/index.ts';

// JavaScript's regular expressions backtrack: `^(a+)+$` against 30 "a"s and a "b" blocks the
// process for minutes, and every agent's request with it. Linear-time engines (re2) are native
// builds that take far too long to compile here, so ACL patterns are checked instead when they are
// saved, imported and deployed: what passes, on the bounded texts ACLs see (titles 255 characters,
// names 200), runs in bounded time.

/** At most this many repetitions (*, +, ?, {n,m}) in one pattern, as safe-regex counts them. */
export const MAX_REPETITIONS = 25;

/** Why `source` could take exponential time, or null when it cannot. */
export function catastrophicReason(source: string): string | null {
  let tree: Root;
  try {
    tree = ret(source);
  } catch {
    return t('aclRegExp.unchecked');
  }
  const state = { reps: 0 };
  return walk(tree, 0, state);
}

function walk(node: Root | Token, starHeight: number, state: { reps: number }): string | null {
  if (node.type === types.REPETITION) {
    state.reps++;
    if (state.reps > MAX_REPETITIONS) return t('aclRegExp.tooManyRepetitions', { max: MAX_REPETITIONS });
    const repeats = node.max === Infinity || node.max > 1;
    if (repeats) {
      if (starHeight >= 1) return t('aclRegExp.nestedRepeat');
      // (a|ab)* tries every way to split the text between the alternatives.
      if (node.value.type === types.GROUP && node.value.options && node.max === Infinity) return t('aclRegExp.repeatedChoice');
    }
    return walk(node.value, repeats ? starHeight + 1 : starHeight, state);
  }
  if (node.type === types.ROOT || node.type === types.GROUP) {
    for (const branch of node.options ?? [node.stack ?? []]) {
      for (const t of branch) {
        const reason = walk(t, starHeight, state);
        if (reason) return reason;
      }
    }
  }
  return null;
}
