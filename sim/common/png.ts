import { crc32, deflateSync } from 'node:zlib';

/** A real PNG of the given size, a colour gradient with a band, so screenshots show something. */
export function gradientPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const band = Math.abs(y - height / 2) < height / 10 ? 60 : 0;
      const shade = x / width;
      raw[row + 1 + x * 3] = Math.min(255, Math.round(rgb[0] * (0.5 + shade / 2)) + band);
      raw[row + 2 + x * 3] = Math.min(255, Math.round(rgb[1] * (0.5 + shade / 2)) + band);
      raw[row + 3 + x * 3] = Math.min(255, Math.round(rgb[2] * (0.5 + shade / 2)) + band);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
