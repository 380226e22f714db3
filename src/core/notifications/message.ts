import { formatDateTime, hasMessage, t, type Params } from '../../i18n/index.ts';

// A stored translatable message (a history line, a notification): its catalog key and JSON
// parameters, rendered in the current language when it is read. Parameters that are names the
// catalogs know are translated too: states and priorities (stored in English, as OTRS stores
// them), the kind of a message and what took a ticket; `until` is a time, shown in the reader's
// format and zone. A row without a key, or with a key the catalogs lack, shows its stored text.

const NAMED: [RegExp, (v: string) => string][] = [
  [/^(state|fromState|toState)$/, (v) => `common.state.${v}`],
  [/^(priority|fromPriority|toPriority)$/, (v) => `common.priority.${v}`],
  [/^kind$/, (v) => `history.kind.${v}`],
  [/^taking$/, (v) => `history.taking.${v}`],
];

function localParams(params: Record<string, unknown>): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    if (name === 'until' && typeof value === 'string') {
      out[name] = formatDateTime(value);
      continue;
    }
    const named = typeof value === 'string' ? NAMED.find(([re]) => re.test(name)) : undefined;
    const key = named ? named[1](String(value)) : null;
    out[name] = key && hasMessage(key) ? t(key) : value;
  }
  return out;
}

/** The message in the current language, or `fallback` (the stored English text) without a key. */
export function localMessage(key: string | null | undefined, params: string | null | undefined, fallback: string): string {
  if (!key || !hasMessage(key)) return fallback;
  let parsed: unknown = {};
  try {
    parsed = params ? JSON.parse(params) : {};
  } catch {
    return fallback;
  }
  try {
    return t(key, localParams(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}));
  } catch {
    // A stored row whose values no longer fit its message (a placeholder without a value): its text.
    return fallback;
  }
}
