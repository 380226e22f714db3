// One ACL value ('open', '[Not]twitter', '[RegExp]^Sales', …) compiled once, then tested against the
// caller's data. The semantics are Znuny's _CompareMatchWithData() (Kernel/System/Ticket/TicketACL.pm),
// including its corners: a positive value first compares the whole text for equality (so
// '[RegExp]x' also matches the literal text '[RegExp]x'), and a value that starts with '[Not' but is
// none of the three negated forms (a typo such as '[NotRegexp]') matches everything.

import { catastrophicReason } from './regex-safety.ts';
import type { PropertyValue } from './types.ts';
import { t } from '../../i18n/index.ts';

export const MatcherKind = {
  Exact: 0,
  RegExp: 1,
  NotExact: 2,
  NotRegExp: 3,
  /** '[Not…' with an unknown modifier: Znuny finds nothing to negate and reports a match. */
  NotUnknown: 4,
} as const;
export type MatcherKind = (typeof MatcherKind)[keyof typeof MatcherKind];

export interface Matcher {
  readonly kind: MatcherKind;
  /** The value as written in the ACL. */
  readonly raw: string;
  /** For Exact: the raw text; for NotExact: the text after [Not]. */
  readonly text: string;
  readonly re: RegExp | null;
}

export class AclRegExpError extends Error {}

const PREFIXES: readonly [string, MatcherKind, string][] = [
  ['[Not]', MatcherKind.NotExact, ''],
  ['[NotRegExp]', MatcherKind.NotRegExp, ''],
  ['[Notregexp]', MatcherKind.NotRegExp, 'i'],
];

export function compileMatcher(raw: string): Matcher {
  if (raw.startsWith('[Not')) {
    for (const [prefix, kind, flags] of PREFIXES) {
      if (!raw.startsWith(prefix)) continue;
      const rest = raw.slice(prefix.length);
      if (kind === MatcherKind.NotExact) return { kind, raw, text: rest, re: null };
      return { kind, raw, text: rest, re: perlRegExp(rest, flags) };
    }
    return { kind: MatcherKind.NotUnknown, raw, text: raw, re: null };
  }
  if (raw.startsWith('[RegExp]')) return { kind: MatcherKind.RegExp, raw, text: raw, re: perlRegExp(raw.slice(8), '') };
  if (raw.startsWith('[regexp]')) return { kind: MatcherKind.RegExp, raw, text: raw, re: perlRegExp(raw.slice(8), 'i') };
  return { kind: MatcherKind.Exact, raw, text: raw, re: null };
}

export function isNegated(m: Matcher): boolean {
  return m.kind >= MatcherKind.NotExact;
}

/** Does the single value `s` satisfy `m`? (Znuny: SingleItem => 1.) */
export function matchesText(m: Matcher, s: string): boolean {
  switch (m.kind) {
    case MatcherKind.Exact:
      return s === m.text;
    case MatcherKind.RegExp:
      return s === m.raw || (m.re as RegExp).test(s);
    case MatcherKind.NotExact:
      return s !== m.text;
    case MatcherKind.NotRegExp:
      return !(m.re as RegExp).test(s);
    default:
      return true;
  }
}

/**
 * Does a property value satisfy `m`? A missing value never does, not even a negated one. Against a
 * list, a positive value needs one element that matches, a negated value needs no element that the
 * negation names (so an empty list satisfies every negated value).
 */
export function matchesProperty(m: Matcher, value: PropertyValue): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return matchesText(m, value);
  if (typeof value === 'number') return matchesText(m, String(value));
  if (m.kind >= MatcherKind.NotExact) {
    for (const e of value) if (!matchesText(m, typeof e === 'string' ? e : String(e))) return false;
    return true;
  }
  for (const e of value) if (matchesText(m, typeof e === 'string' ? e : String(e))) return true;
  return false;
}

/**
 * Znuny interpolates the value into a Perl regex (`$Data =~ /$RegExp/`). The common syntax is the
 * same in JavaScript; the Perl-only forms ACL authors use (\A, \z, \Z, \Q…\E and a leading (?i))
 * are translated, anything else JavaScript cannot read is an error at validation time. No 'u'
 * flag: Perl accepts identity escapes such as \- and \_ that the 'u' flag would refuse.
 */
export function perlRegExp(source: string, flags: string): RegExp {
  let src = source;
  let f = flags;
  const inline = /^\(\?([imsx]+)\)/.exec(src);
  if (inline?.[1] && !inline[1].includes('x')) {
    for (const c of inline[1]) if (!f.includes(c)) f += c;
    src = src.slice(inline[0].length);
  }
  src = translateEscapes(src);
  let re: RegExp;
  try {
    re = new RegExp(src, f);
  } catch (e) {
    throw new AclRegExpError(syntaxMessage(e instanceof Error ? e.message : String(e)));
  }
  assertLinearEnough(src);
  return re;
}

/** See regex-safety.ts: a pattern that could freeze the process is refused with the reason. */
function assertLinearEnough(src: string): void {
  const reason = catastrophicReason(src);
  if (reason) throw new AclRegExpError(t('aclRegExp.exponential', { reason }));
}

/** JavaScript's "Invalid regular expression: /(/: Unterminated group", framed in the reader's language. */
function syntaxMessage(message: string): string {
  const m = /^Invalid regular expression: \/(.*)\/([a-z]*): (.*)$/s.exec(message);
  return m ? t('aclRegExp.syntax', { source: m[1], flags: m[2], detail: m[3] }) : message;
}

function translateEscapes(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c !== '\\' || i + 1 >= src.length) {
      out += c;
      continue;
    }
    const n = src[i + 1];
    i++;
    if (n === 'A') out += '^';
    else if (n === 'z') out += '$';
    else if (n === 'Z') out += '(?=\\n?$)';
    else if (n === 'Q') {
      const end = src.indexOf('\\E', i + 1);
      const literal = end === -1 ? src.slice(i + 1) : src.slice(i + 1, end);
      out += literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i = end === -1 ? src.length : end + 1;
    } else out += '\\' + n;
  }
  return out;
}
