// Content-addressed blob files: <dir>/<h0h1>/<h2h3>/<sha256>-<generation>, written to a
// temporary name, fsynced, renamed, and the directory fsynced, so a file that exists is whole.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface BlobFileName {
  readonly hash: string;
  readonly generation: number;
}

/** SHA-256 of the bytes, lower-case hex: the blob id. */
export function hashBlob(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export class BlobFiles {
  constructor(readonly root: string) {}

  pathOf(name: BlobFileName): string {
    return join(this.root, name.hash.slice(0, 2), name.hash.slice(2, 4), `${name.hash}-${name.generation}`);
  }

  /** Writes the file durably unless it already exists. */
  async write(name: BlobFileName, data: Uint8Array): Promise<void> {
    const path = this.pathOf(name);
    if (await fileExists(path)) return;
    const folder = join(this.root, name.hash.slice(0, 2), name.hash.slice(2, 4));
    await mkdir(folder, { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncDirectory(folder);
  }

  async read(name: BlobFileName): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.pathOf(name)));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  exists(name: BlobFileName): Promise<boolean> {
    return fileExists(this.pathOf(name));
  }

  async remove(name: BlobFileName): Promise<void> {
    await unlink(this.pathOf(name)).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }

  /** Every blob file (and stray temporary) on disk with its modification time. */
  async *list(): AsyncGenerator<{ path: string; name: BlobFileName | null; mtimeMs: number }> {
    for (const first of await readdirOrEmpty(this.root)) {
      for (const second of await readdirOrEmpty(join(this.root, first))) {
        const folder = join(this.root, first, second);
        for (const file of await readdirOrEmpty(folder)) {
          const path = join(folder, file);
          const match = /^([0-9a-f]{64})-(\d+)$/.exec(file);
          const info = await stat(path).catch(() => null);
          if (!info) continue;
          const name = match?.[1] && match[2] ? { hash: match[1], generation: Number(match[2]) } : null;
          yield { path, name, mtimeMs: info.mtimeMs };
        }
      }
    }
  }
}

async function syncDirectory(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fileExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

async function readdirOrEmpty(path: string): Promise<string[]> {
  return readdir(path).catch(() => []);
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
