// Transient messages with an optional "Deshacer" (undo) button; announced politely.
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';

export function Toasts({ controller }: { controller: MailController }) {
  const { t } = useI18n();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {controller.toasts.map((toast) => (
        <div key={toast.id} className="toast">
          <span>{toast.text}</span>
          {toast.undo && (
            <button
              type="button"
              onClick={() => {
                controller.dismiss(toast.id);
                void toast.undo?.();
              }}
            >
              {t('common.undo')}
            </button>
          )}
          <button
            type="button"
            className="icon"
            aria-label={t('common.close')}
            onClick={() => controller.dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
