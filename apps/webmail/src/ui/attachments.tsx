// Attachment list: download links, and previews for images and PDF (the browser's own viewer
// in a frame from a blob: URL, so no PDF library weighs on the bundle).
import { useEffect, useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import type { EmailBodyPart } from '../jmap/types.ts';
import { useI18n } from '../i18n/i18n.ts';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default function Attachments({
  controller,
  parts,
}: {
  controller: MailController;
  parts: EmailBodyPart[];
}) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<{ url: string; type: string; name: string } | null>(null);
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );
  const files = parts.filter((p) => p.blobId && !(p.disposition === 'inline' && p.cid));
  const show = async (part: EmailBodyPart) => {
    const url = controller.client.downloadUrl(part.blobId ?? '', part.name ?? 'adjunto', part.type);
    const blob = await (await fetch(url, { credentials: 'same-origin' })).blob();
    setPreview({
      url: URL.createObjectURL(new Blob([blob], { type: part.type })),
      type: part.type,
      name: part.name ?? '',
    });
  };
  return (
    <section className="attachments" aria-label={t('reader.attachments', { count: files.length })}>
      <h3>{t('reader.attachments', { count: files.length })}</h3>
      <ul>
        {files.map((part) => {
          const name = part.name ?? 'adjunto';
          const previewable = /^image\/(png|jpe?g|gif|webp)$|^application\/pdf$/.test(part.type);
          return (
            <li key={part.blobId ?? name}>
              <span className="file-name">{name}</span>{' '}
              <span className="file-size">{formatSize(part.size)}</span>
              {previewable && (
                <button type="button" onClick={() => void show(part)}>
                  {t('reader.preview')}
                </button>
              )}
              <a href={controller.client.downloadUrl(part.blobId ?? '', name, part.type)} download={name}>
                {t('reader.download')}
              </a>
            </li>
          );
        })}
      </ul>
      {preview && (
        <div className="preview" role="dialog" aria-label={preview.name}>
          <button type="button" onClick={() => setPreview(null)}>
            {t('common.close')}
          </button>
          {preview.type.startsWith('image/') ? (
            <img src={preview.url} alt={preview.name} />
          ) : (
            <iframe
              title={preview.name}
              src={preview.url}
              sandbox="allow-same-origin"
              className="pdf-frame"
            />
          )}
        </div>
      )}
    </section>
  );
}
