// What a file really is, from its first bytes: a browser's or a network's type claim is checked
// against these before Parley stores or serves anything as an image or a video.

/** MP4 and QuickTime share the ISO media file layout: a box of type "ftyp" first. */
function isoMedia(b: Uint8Array): boolean {
  return Buffer.from(b.subarray(4, 8)).toString('latin1') === 'ftyp';
}

export const MAGIC: Readonly<Record<string, (b: Uint8Array) => boolean>> = {
  'image/png': (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => Buffer.from(b.subarray(0, 4)).toString('latin1') === 'GIF8',
  'image/webp': (b) => Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP',
  'video/mp4': isoMedia,
  'video/quicktime': isoMedia,
};

/** The image types browsers show safely inline (SVG is not one: it can carry scripts). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** The image type the bytes are (PNG, JPEG, GIF, WebP), or null for anything else, SVG included. */
export function imageTypeOf(bytes: Uint8Array): (typeof IMAGE_TYPES)[number] | null {
  return IMAGE_TYPES.find((t) => MAGIC[t]!(bytes)) ?? null;
}
