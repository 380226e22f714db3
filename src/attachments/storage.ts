// Where attachment content lives: in the database by default (every web process on every host
// can serve it), or in a directory (PARLEY_ATTACHMENTS_DIR) for large installations, with only
// the checksum and size in the database. Either way a file is stored once per sha256.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nowIso } from '../core/time.ts';
import { blobRow, insertBlobRow } from '../db/repos/attachments.ts';
import type { Db } from '../db/schema.ts';

export interface BlobStore {
  /** Stores the bytes (once per checksum) and returns their sha256. */
  put(db: Db, bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  get(db: Db, sha256: string): Promise<Uint8Array | null>;
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function pathOf(dir: string, sha256: string): string {
  return join(dir, sha256.slice(0, 2), sha256);
}

export function createBlobStore(dir: string | null | undefined): BlobStore {
  return {
    async put(db, bytes) {
      const sha256 = sha256Of(bytes);
      if (dir) {
        const target = pathOf(dir, sha256);
        await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
        // Written aside and renamed: a reader never sees half a file, and two writers of the same
        // content end with the same file.
        const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
        await writeFile(temp, bytes);
        await rename(temp, target);
      }
      await insertBlobRow(db, sha256, bytes.length, dir ? null : bytes, nowIso());
      return { sha256, size: bytes.length };
    },
    async get(db, sha256) {
      const row = await blobRow(db, sha256);
      if (!row) return null;
      if (row.data) return row.data;
      if (!dir) return null;
      return readFile(pathOf(dir, sha256));
    },
  };
}
