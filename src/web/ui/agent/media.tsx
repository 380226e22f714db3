import type { FC } from 'hono/jsx';
import { attachmentUrl } from '../../../attachments/present.ts';
import { INLINE_TYPES } from '../../../attachments/serve.ts';
import type { ArticleRow, AttachmentRow } from '../../../db/schema.ts';
import { formatNumber, t } from '../../../i18n/index.ts';

// Attachments and links of an article in the zoom. Every file comes from Parley's own address
// (never X's hosts), images open full size in a new tab, GIFs loop, videos get a player.

export function formatSize(bytes: number | null): string {
  if (bytes === null) return '';
  const one = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, one)} KB`;
  return `${formatNumber(bytes / (1024 * 1024), one)} MB`;
}

interface Link {
  url: string;
  expandedUrl: string;
  displayUrl: string;
}

function linksOf(a: ArticleRow): Link[] {
  if (!a.links) return [];
  try {
    const parsed = JSON.parse(a.links) as Link[];
    return parsed.filter((l) => /^https?:\/\//i.test(l.expandedUrl));
  } catch {
    return [];
  }
}

/** The text with X's links shown as X shows them: display_url, to expanded_url, t.co on hover. */
export const LinkedText: FC<{ a: ArticleRow }> = ({ a }) => {
  const links = linksOf(a);
  if (links.length === 0) return <div class="text">{a.body}</div>;
  const parts: (string | Link)[] = [];
  let rest = a.body;
  for (;;) {
    let next: { at: number; link: Link } | null = null;
    for (const link of links) {
      const at = rest.indexOf(link.expandedUrl);
      if (at !== -1 && (next === null || at < next.at)) next = { at, link };
    }
    if (!next) break;
    parts.push(rest.slice(0, next.at), next.link);
    rest = rest.slice(next.at + next.link.expandedUrl.length);
  }
  parts.push(rest);
  return (
    <div class="text">
      {parts.map((p) =>
        typeof p === 'string' ? (
          p
        ) : (
          <a href={p.expandedUrl} target="_blank" rel="noopener noreferrer nofollow" title={`${p.url} → ${p.expandedUrl}`} class="x-link">
            {p.displayUrl}
          </a>
        ),
      )}
    </div>
  );
};

const Preview: FC<{ f: AttachmentRow }> = ({ f }) => {
  const url = attachmentUrl(f.id);
  const label = f.alt_text ?? f.filename;
  if (f.status === 'pending') return <span class="media-placeholder">{t('zoom.media.fetching')}</span>;
  if (f.status !== 'stored') return <span class="media-placeholder failed">{f.last_error ? t('zoom.media.failedWith', { error: f.last_error }) : t('zoom.media.failed')}</span>;
  if (INLINE_TYPES.includes(f.content_type)) {
    return (
      <a href={url} target="_blank" rel="noopener" class="thumb" title={t('zoom.media.fullSize')}>
        <img src={url} alt={label} loading="lazy" width={f.width ?? undefined} height={f.height ?? undefined} />
      </a>
    );
  }
  if (f.content_type.startsWith('video/')) {
    // X delivers GIFs as silent looping MP4s.
    return f.media_type === 'animated_gif' ? (
      <video src={url} autoplay loop muted playsinline aria-label={label}></video>
    ) : (
      <video src={url} controls preload="metadata" aria-label={label}></video>
    );
  }
  return null;
};

export const ArticleMedia: FC<{ files: readonly AttachmentRow[] | undefined }> = ({ files }) =>
  files && files.length ? (
    <ul class="attachments" aria-label={t('zoom.media.attachments')}>
      {files.map((f) => (
        <li class={`attachment ${f.status}`} data-attachment={f.id}>
          <Preview f={f} />
          <span class="file">
            {f.status === 'stored' ? (
              <a href={attachmentUrl(f.id)} download={f.filename}>
                {f.filename}
              </a>
            ) : (
              f.filename
            )}
            <span class="muted">
              {' '}
              <span translate="no">{f.content_type}</span>
              {f.size !== null ? `, ${formatSize(f.size)}` : ''}
            </span>
          </span>
          {f.alt_text ? <span class="alt">{t('zoom.media.altText', { text: f.alt_text })}</span> : null}
        </li>
      ))}
    </ul>
  ) : null;

export const ACCEPTED_FILES = 'image/png,image/jpeg,image/webp,image/gif,video/mp4,video/quicktime';

/** The file field of the reply box and "New Twitter ticket"; app.js adds drag and drop and the checks. */
export const FilePicker: FC<{ id: string; error?: string | undefined; note?: boolean }> = ({ id, error, note }) => (
  <div class={error ? 'field files error' : 'field files'} data-dropzone={id}>
    <label for={id}>{note ? t('zoom.media.attachFiles') : t('zoom.media.attachMedia')}</label>
    <input type="file" id={id} name="files" multiple accept={note ? undefined : ACCEPTED_FILES} data-x-media={note ? undefined : 'true'} aria-describedby={`${id}-hint`} />
    <p class="hint" id={`${id}-hint`}>
      {note ? t('zoom.media.noteHint') : t('zoom.media.mediaHint')}
    </p>
    <p class="error-text" id={`${id}-error`} role="alert" hidden={!error}>
      {error ?? ''}
    </p>
  </div>
);
