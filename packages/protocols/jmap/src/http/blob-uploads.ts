// RFC 8620 §6 binary data: uploaded blobs kept in memory per account until imported or expired
// (one hour), addressed by their SHA-256 like stored blobs; email blobs and their parts
// ("<blob>.<partId>") are read from the store after an ownership check.
import { createHash } from 'node:crypto';
import { parseMimeTree } from '@chasqui/mail';
import type { MethodContext } from '../api/types.js';
import { buildBodyStructure, findPart, partBytes } from '../mail/body-parts.js';

interface Upload {
  readonly bytes: Uint8Array;
  readonly type: string;
  readonly expires: number;
}

const lifetimeMs = 60 * 60 * 1000;

export class BlobUploads {
  private readonly byAccount = new Map<number, Map<string, Upload>>();

  constructor(private readonly now: () => number) {}

  /** Keeps an upload; returns its blob id. */
  put(accountId: number, bytes: Uint8Array, type: string): string {
    const blobId = createHash('sha256').update(bytes).digest('hex');
    let uploads = this.byAccount.get(accountId);
    if (!uploads) this.byAccount.set(accountId, (uploads = new Map<string, Upload>()));
    this.expire(uploads);
    uploads.set(blobId, { bytes, type, expires: this.now() + lifetimeMs });
    return blobId;
  }

  /** An upload, an email blob or an email part blob of the account; null when unknown. */
  async read(
    context: Pick<MethodContext, 'services' | 'account'>,
    blobId: string,
  ): Promise<Uint8Array | null> {
    const upload = this.byAccount.get(context.account.id)?.get(blobId);
    if (upload && upload.expires > this.now()) return upload.bytes;
    const [emailBlob = '', partId] = blobId.split('.', 2);
    const raw = await context.services.model.readEmailBlob(context.account.id, emailBlob);
    if (!raw || partId === undefined) return raw;
    const buffer = Buffer.from(raw);
    const part = findPart(buildBodyStructure(buffer, parseMimeTree(buffer), emailBlob), partId);
    return part ? partBytes(buffer, part.entity) : null;
  }

  private expire(uploads: Map<string, Upload>): void {
    const now = this.now();
    for (const [id, upload] of uploads) if (upload.expires <= now) uploads.delete(id);
  }
}
