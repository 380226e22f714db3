// X's media endpoints: the one-shot and chunked uploads (POST /2/media/upload, …/initialize,
// …/{id}/append, …/{id}/finalize), the DM media download, and the public media host that stands
// in for pbs.twimg.com and video.twimg.com.
import type { Hono } from 'hono';
import { gradientPng } from '../common/png.ts';
import { forbidden, invalid, XApiError } from './errors.ts';
import { checkCategory, checkSize, EXPIRES_AFTER_SECS, mediaTypeOf, type SimMedia } from './media.ts';
import type { Endpoint, Log, Request } from './routes-api.ts';
import { SimError, type SimAccount, type SimState } from './state.ts';

const ID = /^[0-9]{1,19}$/;
const RESOURCE_ID = /^[a-zA-Z0-9_.-]{1,50}$/;
const MAX_SEGMENT_BYTES = 5 * 1024 * 1024;

/** A SimError from the media rules, answered as X answers a bad parameter. */
function asInvalid<T>(parameter: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SimError) throw invalid(parameter, '', error.message);
    throw error;
  }
}

interface Part {
  name: string;
  filename: string | null;
  type: string;
  bytes: Buffer;
}

/**
 * The parts of a multipart/form-data body, as bytes. The platform's FormData turns a part sent
 * without a filename into a string, which would corrupt binary media.
 */
function formOf(req: Request): Map<string, Part> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.contentType);
  if (!req.contentType.toLowerCase().startsWith('multipart/form-data') || !boundary) {
    throw invalid('media', '', 'The request must be multipart/form-data.');
  }
  const raw = Buffer.from(req.raw);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = new Map<string, Part>();
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const chunk = raw.subarray(start + 2, next - 2);
    const split = chunk.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = chunk.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      if (name) {
        parts.set(name, {
          name,
          filename: /filename="([^"]*)"/i.exec(head)?.[1] ?? null,
          type: /content-type:\s*([^\r\n;]+)/i.exec(head)?.[1]?.trim() ?? '',
          bytes: chunk.subarray(split + 4),
        });
      }
    }
    at = next;
  }
  return parts;
}

function field(form: Map<string, Part>, name: string): string | null {
  const part = form.get(name);
  return part ? part.bytes.toString('utf8') : null;
}

function fileField(form: Map<string, Part>): { bytes: Buffer; type: string } {
  const media = form.get('media');
  if (!media) throw invalid('media', '', 'The media field is required.');
  return { bytes: Buffer.from(media.bytes), type: media.type };
}

function uploaded(media: SimMedia, size: number) {
  return { id: media.id, media_key: media.mediaKey, size, expires_after_secs: EXPIRES_AFTER_SECS };
}

function ownSession(state: SimState, account: SimAccount, id: string) {
  if (!ID.test(id)) throw invalid('id', id, `The \`id\` path parameter value [${id}] does not match ^[0-9]{1,19}$`);
  const session = state.media.sessions.get(id);
  if (!session || session.media.ownerId !== account.userId) throw invalid('id', id, `There is no upload session ${id}.`);
  return session;
}

/** `media.media_ids` of a post or `attachments[].media_id` of a DM, checked against X's rules. */
export function mediaIdsOf(state: SimState, account: SimAccount, input: Record<string, unknown>, use: 'tweet' | 'dm'): SimMedia[] {
  let ids: unknown;
  if (use === 'tweet') {
    const media = input['media'];
    if (media === undefined) return [];
    ids = typeof media === 'object' && media !== null ? (media as Record<string, unknown>)['media_ids'] : undefined;
    if (!Array.isArray(ids) || ids.length === 0) throw invalid('media.media_ids', String(ids), 'media.media_ids must be a list of 1 to 4 media ids.');
  } else {
    const attachments = input['attachments'];
    if (attachments === undefined) return [];
    if (!Array.isArray(attachments) || attachments.length === 0) throw invalid('attachments', '', 'attachments must be a list of { media_id }.');
    ids = attachments.map((a) => (typeof a === 'object' && a !== null ? (a as Record<string, unknown>)['media_id'] : undefined));
  }
  const list = ids as unknown[];
  if (!list.every((id): id is string => typeof id === 'string' && ID.test(id))) throw invalid(use === 'tweet' ? 'media.media_ids' : 'attachments', '', 'Media ids are numeric strings.');
  return asInvalid(use === 'tweet' ? 'media.media_ids' : 'attachments', () => state.media.takeForMessage(list, account.userId, use, state.now()));
}

export function registerMediaRoutes(app: Hono, endpoint: Endpoint, state: SimState, log: Log): void {
  endpoint('POST', '/2/media/upload', (req) => {
    const form = formOf(req);
    const file = fileField(form);
    const contentType = field(form, 'media_type') ?? file.type;
    const category = field(form, 'media_category') ?? '';
    const type = mediaTypeOf(contentType);
    if (!type) throw invalid('media_type', contentType, `media_type ${contentType || '(none)'} is not supported.`);
    // The one-shot upload is for images; X takes videos only through the chunked upload.
    if (type === 'video') throw invalid('media_category', category, 'Videos must be uploaded with initialize, append and finalize.');
    const media = asInvalid('media', () => {
      const checked = checkCategory(type, category);
      return state.media.create({ ownerId: req.account.userId, contentType, bytes: file.bytes, category: checked, nowMs: state.now() });
    });
    log(`account ${req.account.userId} uploaded ${type} ${media.id} (${file.bytes.length} bytes)`);
    return { status: 200, body: { data: uploaded(media, file.bytes.length) } };
  });

  endpoint('POST', '/2/media/upload/initialize', ({ account, body }) => {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw invalid('body', '', 'The request body is not valid JSON.');
    }
    const contentType = String(input['media_type'] ?? '');
    const total = input['total_bytes'];
    const type = mediaTypeOf(contentType);
    if (!type) throw invalid('media_type', contentType, `media_type ${contentType || '(none)'} is not supported.`);
    if (typeof total !== 'number' || !Number.isInteger(total)) throw invalid('total_bytes', String(total), 'total_bytes must be an integer.');
    const media = asInvalid('media_category', () => {
      const category = checkCategory(type, String(input['media_category'] ?? ''));
      checkSize(type, total);
      // The bytes come with append; the placeholder keeps the store's checks in one place.
      return state.media.create({ ownerId: account.userId, contentType, bytes: Buffer.alloc(1), category, nowMs: state.now() });
    });
    media.bytes = Buffer.alloc(0);
    state.media.sessions.set(media.id, { media, totalBytes: total, segments: new Map(), finalized: false });
    return { status: 200, body: { data: { id: media.id, media_key: media.mediaKey, expires_after_secs: EXPIRES_AFTER_SECS } } };
  });

  endpoint('POST', '/2/media/upload/:id/append', (req) => {
    const session = ownSession(state, req.account, req.param('id'));
    if (session.finalized) throw invalid('id', req.param('id'), 'The upload is already finalized.');
    const form = formOf(req);
    const given = field(form, 'segment_index') ?? '';
    const index = /^\d{1,3}$/.test(given) ? Number(given) : -1;
    if (index < 0) throw invalid('segment_index', given, 'segment_index must be 0–999.');
    const file = fileField(form);
    if (file.bytes.length > MAX_SEGMENT_BYTES) throw invalid('media', '', 'A segment may be at most 5 MB.');
    session.segments.set(index, file.bytes);
    return { status: 200, body: { data: { expires_at: Math.floor(state.now() / 1000) + EXPIRES_AFTER_SECS } } };
  });

  endpoint('POST', '/2/media/upload/:id/finalize', ({ account, param }) => {
    const session = ownSession(state, account, param('id'));
    const indexes = [...session.segments.keys()].sort((a, b) => a - b);
    if (indexes.some((i, n) => i !== n)) throw invalid('id', param('id'), 'Segments are missing.');
    const bytes = Buffer.concat(indexes.map((i) => session.segments.get(i)!));
    if (bytes.length !== session.totalBytes) {
      throw invalid('id', param('id'), `The upload has ${bytes.length} bytes; initialize announced ${session.totalBytes}.`);
    }
    session.media.bytes = bytes;
    session.finalized = true;
    state.media.sessions.delete(session.media.id);
    log(`account ${account.userId} finished uploading ${session.media.type} ${session.media.id} (${bytes.length} bytes)`);
    const processing = session.media.type === 'photo' ? {} : { processing_info: { state: 'succeeded', progress_percent: 100 } };
    return { status: 200, body: { data: { ...uploaded(session.media, bytes.length), ...processing } } };
  });

  // The simulator finishes processing at once; the status says so.
  endpoint('GET', '/2/media/upload', ({ account, query }) => {
    if (query.get('command') !== 'STATUS') throw invalid('command', String(query.get('command')), 'command must be STATUS.');
    const id = query.get('media_id') ?? '';
    const media = state.media.byMediaId(id);
    if (!media || media.ownerId !== account.userId) throw invalid('media_id', id, `There is no media ${id}.`);
    return { status: 200, body: { data: { id: media.id, media_key: media.mediaKey, processing_info: { state: 'succeeded', progress_percent: 100 } } } };
  });

  endpoint('GET', '/2/dm_conversations/media/:dm_id/:media_id/:resource_id', ({ account, param }) => {
    const dmId = param('dm_id');
    const mediaId = param('media_id');
    const resourceId = param('resource_id');
    if (!ID.test(dmId)) throw invalid('dm_id', dmId, `The \`dm_id\` path parameter value [${dmId}] does not match ^[0-9]{1,19}$`);
    if (!ID.test(mediaId)) throw invalid('media_id', mediaId, `The \`media_id\` path parameter value [${mediaId}] does not match ^[0-9]{1,19}$`);
    if (!RESOURCE_ID.test(resourceId)) throw invalid('resource_id', resourceId, `The \`resource_id\` path parameter value [${resourceId}] does not match ^[a-zA-Z0-9_.-]{1,50}$`);
    const event = state.dmEvents.get(dmId);
    if (!event || (event.senderId !== account.userId && event.recipientId !== account.userId)) {
      throw new XApiError(403, forbidden('You are not a participant in the conversation of this message.'));
    }
    const media = state.media.byMediaId(mediaId);
    if (!media || media.attachedTo?.kind !== 'dm' || media.attachedTo.id !== dmId) throw new XApiError(404, { title: 'Not Found', type: 'about:blank', status: 404, detail: 'No such media.' });
    if (media.resourceId === resourceId) return { status: 200, body: null, file: { bytes: media.bytes, contentType: media.contentType } };
    if (media.preview?.resourceId === resourceId) return { status: 200, body: null, file: { bytes: media.preview.bytes, contentType: 'image/jpeg' } };
    throw new XApiError(404, { title: 'Not Found', type: 'about:blank', status: 404, detail: 'No such media.' });
  });

  // The media host: post media is public, as on pbs.twimg.com; nothing else is served.
  app.get('/_media/*', (c) => {
    const path = c.req.path.slice('/_media/'.length);
    state.mediaHostHits.set(path, (state.mediaHostHits.get(path) ?? 0) + 1);
    const file = state.media.publicFile(path) ?? profileImage(state, path);
    if (!file) return c.json({ error: 'Not found' }, 404);
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
  });
}

/** A user's own profile picture, as pbs.twimg.com serves it: a small PNG in a colour of its own. */
function profileImage(state: SimState, path: string): { bytes: Buffer; contentType: string } | null {
  const m = /^profile_images\/(\d{1,19})\/avatar_normal\.png$/.exec(path);
  const user = m ? state.users.get(m[1]!) : undefined;
  if (!user || user.profileImageUrl !== null) return null;
  const n = Number(BigInt(user.id) % 360n);
  const hue = (k: number) => Math.round(127 + 100 * Math.cos(((n + k) * Math.PI) / 180));
  return { bytes: gradientPng(48, 48, [hue(0), hue(120), hue(240)]), contentType: 'image/png' };
}
