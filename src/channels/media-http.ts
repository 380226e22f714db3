// Media downloads for the networks without fixed media hosts (Mastodon's files host, a Bluesky
// author's PDS): only https addresses (plain http only at the profile's own server, i.e. a
// simulator on this machine), never a private or loopback address, no redirects followed, the
// body cut off at the size cap and the whole call at the timeout. No credentials are ever sent.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ChannelError, type ChannelCallEvent, type DownloadedMedia, type DownloadLimits } from './types.ts';

const PRIVATE_V4 = [/^10\./, /^127\./, /^169\.254\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./, /^0\./];

function privateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) return true;
  const kind = isIP(host);
  if (kind === 4) return PRIVATE_V4.some((r) => r.test(host));
  if (kind === 6) return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  return false;
}

/**
 * The address a media file may be fetched from, or a permanent ChannelError saying why not:
 * https to a public host, or anything at one of `trustedOrigins` (the profile's own server).
 */
export function mediaUrl(raw: string, network: string, trustedOrigins: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ChannelError('permanent', `The ${network} media address "${raw.slice(0, 200)}" is not a URL.`);
  }
  if (url.username || url.password) throw new ChannelError('permanent', `Parley does not fetch ${network} media from an address with a user name.`);
  if (trustedOrigins.includes(url.origin)) return url;
  if (url.protocol !== 'https:') throw new ChannelError('permanent', `Parley fetches ${network} media only over https, not from ${url.origin}.`);
  if (privateHost(url.hostname)) throw new ChannelError('permanent', `Parley does not fetch ${network} media from the private address ${url.host}.`);
  return url;
}

export interface MediaFetch {
  network: string;
  url: URL;
  /** Origins fetched as given (the profile's own server); every other host is resolved and checked first. */
  trustedOrigins?: readonly string[];
  /** The addresses a host name resolves to (tests give their own). */
  resolve?: (hostname: string) => Promise<string[]>;
  /** How the call is counted, e.g. "GET media". */
  endpoint: string;
  limits: DownloadLimits;
  onCall?: ((e: ChannelCallEvent) => void) | undefined;
}

const resolveHost = async (hostname: string): Promise<string[]> => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * A public name may still lead to a private address (a hostile server's attachment on
 * "files.example" resolving to 127.0.0.1): every address the name resolves to must be public.
 * (The connection resolves once more; a name that changes its answer in between is not caught.)
 */
async function refusePrivateResolution(f: MediaFetch): Promise<void> {
  if ((f.trustedOrigins ?? []).includes(f.url.origin) || isIP(f.url.hostname.replace(/^\[|\]$/g, ''))) return;
  let addresses: string[];
  try {
    addresses = await (f.resolve ?? resolveHost)(f.url.hostname);
  } catch {
    throw new ChannelError('transient', `Could not reach ${f.url.host} for the ${f.network} media file.`);
  }
  const inside = addresses.find((a) => privateHost(a));
  if (inside !== undefined) throw new ChannelError('permanent', `Parley does not fetch ${f.network} media from the private address ${f.url.host} (${inside}).`);
}

export async function fetchMedia(f: MediaFetch): Promise<DownloadedMedia> {
  await refusePrivateResolution(f);
  const started = Date.now();
  let status: number | null = null;
  try {
    let res: Response;
    try {
      res = await fetch(f.url, { redirect: 'manual', signal: AbortSignal.timeout(f.limits.timeoutMs), headers: { accept: '*/*' } });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new ChannelError('transient', timedOut ? `${f.network}'s media host did not answer within ${f.limits.timeoutMs} ms.` : `Could not reach ${f.url.host} for the ${f.network} media file.`);
    }
    status = res.status;
    const drop = () => res.body?.cancel().catch(() => undefined);
    if (status >= 300 && status < 400) {
      await drop();
      throw new ChannelError('permanent', `${f.network}'s media host answered with a redirect (HTTP ${status}); Parley does not follow it.`, { status });
    }
    if (status === 429) {
      await drop();
      const after = Number(res.headers.get('retry-after'));
      // Retry-After in seconds, believed up to an hour.
      throw new ChannelError('rate_limit', `${f.network}'s media host asks to wait before the next download.`, { status, retryAt: Number.isFinite(after) && after > 0 ? new Date(Date.now() + Math.min(after, 3600) * 1000) : null });
    }
    if (status === 400 || status === 401 || status === 403 || status === 404 || status === 410) {
      await drop();
      throw new ChannelError('permanent', `${f.network} no longer has this media file (HTTP ${status}).`, { status });
    }
    if (status !== 200) {
      await drop();
      throw new ChannelError('transient', `${f.network}'s media host answered HTTP ${status}.`, { status });
    }
    return await readMedia(res, f.limits.maxBytes);
  } finally {
    try {
      f.onCall?.({ kind: 'read', endpoint: f.endpoint, status, durationMs: Date.now() - started });
    } catch {
      // counting never fails the download
    }
  }
}

/** A 200 answer's file: refused when it announces more than maxBytes, cut off when it sends more. */
export async function readMedia(res: Response, maxBytes: number): Promise<DownloadedMedia> {
  const announced = Number(res.headers.get('content-length'));
  if (announced > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ChannelError('permanent', `The media file is ${announced} bytes, more than Parley's limit of ${maxBytes}.`);
  }
  const bytes = await readCapped(res, maxBytes);
  return { bytes, contentType: (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase() };
}

/** The body, cut off (and refused) once it passes maxBytes: a file's announced size is not trusted. */
export async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    let step: Awaited<ReturnType<typeof reader.read>>;
    try {
      step = await reader.read();
    } catch {
      throw new ChannelError('transient', 'The media download broke off.');
    }
    if (step.done) break;
    total += step.value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ChannelError('permanent', `The media file is larger than Parley's limit of ${maxBytes} bytes.`);
    }
    chunks.push(step.value);
  }
  return Buffer.concat(chunks);
}

const EXTENSION_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif', heic: 'image/heic',
  mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', ogv: 'video/ogg',
  mp3: 'audio/mpeg', ogg: 'audio/ogg', oga: 'audio/ogg', wav: 'audio/wav', flac: 'audio/flac', m4a: 'audio/mp4',
};

/** The last part of an address's path, as a file name. */
export function fileNameOf(url: string, fallback = 'media'): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() || fallback).slice(0, 200) || fallback;
  } catch {
    return fallback;
  }
}

/** The type a file name's extension stands for (the download's own type wins later). */
export function typeOfName(name: string): string {
  return EXTENSION_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

export const extensionOf = (type: string): string => Object.entries(EXTENSION_TYPES).find(([, t]) => t === type)?.[0] ?? 'bin';

/** Width and height from a PNG, GIF or JPEG header (for aspect ratios), or null. */
export function imageSize(b: Uint8Array): { width: number; height: number } | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length >= 24 && buf[0] === 0x89 && buf.toString('latin1', 12, 16) === 'IHDR') return nonZero(buf.readUInt32BE(16), buf.readUInt32BE(20));
  if (buf.length >= 10 && buf.toString('latin1', 0, 4) === 'GIF8') return nonZero(buf.readUInt16LE(6), buf.readUInt16LE(8));
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
    for (let i = 2; i + 9 < buf.length; ) {
      if (buf[i] !== 0xff) return null;
      const marker = buf[i + 1]!;
      const length = buf.readUInt16BE(i + 2);
      // SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return nonZero(buf.readUInt16BE(i + 7), buf.readUInt16BE(i + 5));
      i += 2 + length;
    }
  }
  return null;
}

const nonZero = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);
