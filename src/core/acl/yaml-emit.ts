// A YAML writer that produces what OTRS's export produces: Kernel::System::YAML → YAML::XS → libyaml
// in block style, keys sorted, two-space indent, lists not indented under their key, plain scalars
// where libyaml allows them, lines folded at spaces once past column 80. YAML::XS single-quotes
// the strings its own loader would read as something else ('', '~', 'true', 'false', 'null' and
// anything Perl's looks_like_number accepts, e.g. '1'), so ids stay strings in OTRS.
// One difference on purpose: text with line breaks is written double-quoted with \n escapes
// (libyaml folds it into a single-quoted block); both read back to the same text.

import { compareCodePoints } from './order.ts';

export type YamlValue = string | number | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const BEST_WIDTH = 80;

export function emitYamlDocument(root: YamlValue): string {
  const w = new Writer();
  w.raw('---');
  if (isCollection(root) && !isEmptyCollection(root)) {
    emitNode(w, root, -1, false);
  } else {
    w.raw(' ');
    emitInline(w, root, 0);
  }
  w.raw('\n');
  return w.out;
}

class Writer {
  out = '';
  column = 0;
  raw(s: string): void {
    this.out += s;
    const nl = s.lastIndexOf('\n');
    this.column = nl === -1 ? this.column + [...s].length : [...s.slice(nl + 1)].length;
  }
  newline(indent: number): void {
    this.out += '\n' + ' '.repeat(indent);
    this.column = indent;
  }
}

const isCollection = (v: YamlValue): v is readonly YamlValue[] | { readonly [key: string]: YamlValue } => typeof v === 'object';
const isEmptyCollection = (v: YamlValue): boolean => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/**
 * A collection at `indent` (-1 for the root). `inlineStart` is true when the writer already stands
 * where the first entry goes (right after "- ").
 */
function emitNode(w: Writer, v: YamlValue, indent: number, inlineStart: boolean): void {
  if (Array.isArray(v)) {
    const at = Math.max(indent, 0);
    v.forEach((item: YamlValue, i: number) => {
      if (!(inlineStart && i === 0)) w.newline(at);
      w.raw('-');
      emitValue(w, item, at + 2, true);
    });
    return;
  }
  const map = v as { readonly [key: string]: YamlValue };
  const at = indent < 0 ? 0 : indent + 2;
  Object.keys(map)
    .sort(compareCodePoints)
    .forEach((key, i) => {
      if (!(inlineStart && i === 0)) w.newline(at);
      w.raw(formatKey(key));
      w.raw(':');
      const value = map[key] as YamlValue;
      // A list under a key is not indented (libyaml's indentless sequence).
      emitValue(w, value, Array.isArray(value) ? at : at + 2, false);
    });
}

/** A value after "key:" or "-"; `childIndent` is where its own entries or continuation lines go. */
function emitValue(w: Writer, v: YamlValue, childIndent: number, inSequence: boolean): void {
  if (isCollection(v) && !isEmptyCollection(v)) {
    if (inSequence) {
      w.raw(' ');
      emitNode(w, v, Array.isArray(v) ? childIndent : childIndent - 2, true);
    } else {
      emitNode(w, v, Array.isArray(v) ? childIndent : childIndent - 2, false);
    }
    return;
  }
  w.raw(' ');
  emitInline(w, v, childIndent);
}

function emitInline(w: Writer, v: YamlValue, continuation: number): void {
  if (Array.isArray(v)) w.raw('[]');
  else if (typeof v === 'object') w.raw('{}');
  else if (typeof v === 'number') w.raw(String(v));
  else writeScalar(w, v, continuation);
}

function writeScalar(w: Writer, s: string, continuation: number): void {
  const style = scalarStyle(s);
  if (style === 'double') {
    w.raw(doubleQuoted(s));
    return;
  }
  const chars = [...s];
  if (style === 'single') w.raw("'");
  let prevSpace = false;
  chars.forEach((c, i) => {
    if (c === ' ') {
      const next = chars[i + 1];
      const canBreak =
        !prevSpace && w.column > BEST_WIDTH && next !== ' ' && (style === 'plain' || (i !== 0 && i !== chars.length - 1));
      if (canBreak) w.newline(continuation);
      else w.raw(' ');
      prevSpace = true;
      return;
    }
    w.raw(style === 'single' && c === "'" ? "''" : c);
    prevSpace = false;
  });
  if (style === 'single') w.raw("'");
}

/** A key: libyaml writes keys as simple keys, never folded. */
function formatKey(s: string): string {
  const style = scalarStyle(s);
  if (style === 'plain') return s;
  if (style === 'single') return `'${s.replace(/'/g, "''")}'`;
  return doubleQuoted(s);
}

type Style = 'plain' | 'single' | 'double';

export function scalarStyle(s: string): Style {
  const a = analyze(s);
  const forcedQuote = s === '' || s === '~' || s === 'true' || s === 'false' || s === 'null' || looksLikeNumber(s);
  if (!forcedQuote && a.blockPlain) return 'plain';
  // Parley writes text with line breaks double-quoted; see the note at the top.
  return a.single && !a.lineBreaks ? 'single' : 'double';
}

const BREAKS = new Set(['\r', '\n', '\u0085', '\u2028', '\u2029']);
const isBlankz = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\0' || BREAKS.has(c);

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0) as number;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) ||
    cp >= 0x10000
  );
}

/** libyaml's yaml_emitter_analyze_scalar, for block context with unicode output. */
function analyze(s: string): { blockPlain: boolean; single: boolean; lineBreaks: boolean } {
  if (s === '') return { blockPlain: true, single: true, lineBreaks: false };
  const chars = [...s];
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWhitespace = true;
  chars.forEach((c, i) => {
    const first = i === 0;
    const last = i === chars.length - 1;
    const followedByWhitespace = isBlankz(chars[i + 1]);
    if (first) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true;
      if (c === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (BREAKS.has(c)) lineBreaks = true;
    if (c === ' ') {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.has(c)) {
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  });
  let blockPlain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (breakSpace) blockPlain = single = false;
  if (spaceBreak || special) blockPlain = single = false;
  if (lineBreaks) blockPlain = false;
  if (blockIndicators) blockPlain = false;
  return { blockPlain, single, lineBreaks };
}

/** Perl's looks_like_number, which YAML::XS consults before writing a string unquoted. */
export function looksLikeNumber(s: string): boolean {
  return (
    /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(s) ||
    /^\s*[+-]?(?:inf(?:inity)?|nan)\s*$/i.test(s) ||
    s === '0 but true'
  );
}

const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\x0b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const c of s) {
    const e = ESCAPES[c];
    if (e) out += e;
    else if (isPrintable(c)) out += c;
    else {
      const cp = c.codePointAt(0) as number;
      out += cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    }
  }
  return out + '"';
}

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
