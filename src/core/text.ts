// Text as the databases store it, whichever network sent it: PostgreSQL refuses NUL in text
// columns (one such message would roll back its whole batch, and the stream would never move on),
// and a lone UTF-16 surrogate has no UTF-8 form. NUL is dropped, lone surrogates become U+FFFD;
// everything else is kept as the network sent it.

export function storable(text: string): string {
  return text.replace(/\u0000/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Every string inside plain objects and arrays made storable (an inbound message, its author, its media). */
export function storableDeep<T>(value: T): T {
  if (typeof value === 'string') return storable(value) as T;
  if (Array.isArray(value)) return value.map((v) => storableDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storableDeep(v)])) as T;
  }
  return value;
}
