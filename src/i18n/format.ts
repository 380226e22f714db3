import { currentLocale, t } from './locale.ts';

// Dates, times and numbers in the current language and time zone: "01.12.2026 18:10" and
// "vor 2 Min." in German, "01/12/2026 18:10" and "2 min ago" in English. The locale tag per
// language comes from its catalog (meta.locale), so a new language brings its own formats.

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

/** The BCP 47 tag of the current language's formats ("de-DE"). */
export function localeTag(): string {
  return t('meta.locale');
}

function zoneOf(timeZone: string | undefined): string | undefined {
  return timeZone || process.env.TZ || undefined;
}

function dateParts(date: Date, withTime: boolean): string {
  const tag = localeTag();
  const tz = zoneOf(currentLocale().timeZone);
  const day = cached(`d|${tag}|${tz}`, () => new Intl.DateTimeFormat(tag, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: tz }));
  if (!withTime) return day.format(date);
  const time = cached(`t|${tag}|${tz}`, () => new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz }));
  return `${day.format(date)} ${time.format(date)}`;
}

const toDate = (v: string | number | Date): Date => (v instanceof Date ? v : new Date(v));

/** "01.12.2026 18:10": day and minute in the reader's language and time zone. */
export function formatDateTime(value: string | number | Date): string {
  const d = toDate(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateParts(d, true);
}

/** "01.12.2026". */
export function formatDate(value: string | number | Date): string {
  const d = toDate(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateParts(d, false);
}

/** The value of a datetime-local input (YYYY-MM-DDTHH:mm) in the reader's time zone. */
export function localInputValue(value: string | number | Date): string {
  return localInputValueIn(toDate(value).getTime(), zoneOf(currentLocale().timeZone));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "vor 2 Min." / "2 min ago" / "in 3 days": the distance from now in the largest whole unit. */
export function formatRelative(value: string | number | Date, now: number = Date.now()): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const seconds = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const tag = localeTag();
  const f = cached(`r|${tag}`, () => new Intl.RelativeTimeFormat(tag, { numeric: 'auto', style: 'short' }));
  if (abs < 45) return f.format(0, 'second');
  for (const [unit, size] of UNITS) if (abs >= size) return f.format(Math.trunc(seconds / size), unit);
  return f.format(0, 'second');
}

/** 12.345 in German, 12,345 in English. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  const tag = localeTag();
  const key = `n|${tag}|${options ? JSON.stringify(options) : ''}`;
  return cached(key, () => new Intl.NumberFormat(tag, options)).format(n);
}

/** "$0.015" in English, "0,015 $" in German: X bills in US dollars, to the tenth of a cent and below. */
export function formatUsd(usd: number): string {
  return formatNumber(usd, { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol', minimumFractionDigits: usd === 0 ? 0 : 2, maximumFractionDigits: 6 });
}

/** The instant a wall time ("2026-12-01T18:10") names in a time zone, as ISO (DST included). */
export function zonedToUtc(wall: string, timeZone: string): string {
  const asUtc = Date.parse(`${wall}Z`);
  if (Number.isNaN(asUtc)) throw new RangeError(`not a wall time: ${wall}`);
  const offsetAt = (t: number): number => Date.parse(`${localInputValueIn(t, timeZone)}Z`) - Math.floor(t / 60_000) * 60_000;
  // The zone's offset at the guess, then once more at the result (a DST change in between).
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t);
  return new Date(t).toISOString();
}

function localInputValueIn(t: number, timeZone: string | undefined): string {
  const f = cached(`i|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }));
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
