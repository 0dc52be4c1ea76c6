// Content-addressed blob files: <dir>/<h0h1>/<h2h3>/<sha256>-<generation>. A file is written
// and fsynced before the row that references it commits; one without a row is a crash leftover.
import { createHash, randomInt } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface BlobFileName {
  readonly hash: string;
  readonly generation: number;
}

/** A random file generation: unique per write, so a collected blob's late unlink never hits a new file. */
export function newGeneration(): number {
  return randomInt(1, 2 ** 47);
}

/** SHA-256 of the bytes, lower-case hex: the blob id. */
export function hashBlob(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export class BlobFiles {
  private readonly knownFolders = new Set<string>();

  constructor(readonly root: string) {}

  pathOf(name: BlobFileName): string {
    return join(this.root, name.hash.slice(0, 2), name.hash.slice(2, 4), `${name.hash}-${name.generation}`);
  }

  /**
   * Writes a new blob file durably (file and directory entry fsynced). Names are unique per
   * append (`generation` is random), so an existing name is a collision and fails loudly.
   */
  async write(name: BlobFileName, data: Uint8Array): Promise<void> {
    const folder = join(this.root, name.hash.slice(0, 2), name.hash.slice(2, 4));
    if (!this.knownFolders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.knownFolders.add(folder);
    }
    const handle = await open(this.pathOf(name), 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
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
