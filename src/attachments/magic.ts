// What a file really is, from its first bytes: a browser's or a network's type claim is checked
// against these before Parley stores or serves anything as an image or a video.

export const MAGIC: Readonly<Record<string, (b: Uint8Array) => boolean>> = {
  'image/png': (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => Buffer.from(b.subarray(0, 4)).toString('latin1') === 'GIF8',
  'image/webp': (b) => Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP',
  'video/mp4': (b) => Buffer.from(b.subarray(4, 8)).toString('latin1') === 'ftyp',
  'video/quicktime': (b) => Buffer.from(b.subarray(4, 8)).toString('latin1') === 'ftyp',
};

const IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** The image type the bytes are (PNG, JPEG, GIF, WebP), or null for anything else, SVG included. */
export function imageTypeOf(bytes: Uint8Array): (typeof IMAGES)[number] | null {
  return IMAGES.find((t) => MAGIC[t]!(bytes)) ?? null;
}
