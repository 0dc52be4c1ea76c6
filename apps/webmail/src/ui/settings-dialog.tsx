// Settings (lazy chunk): signatures and the default per identity, tag colours and the senders
// whose remote images are shown (all in the server's Preferences), desktop notifications, and
// the automatic reply (VacationResponse, RFC 8621 §8).
import { useEffect, useRef, useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import type { GetResponse, VacationResponse } from '../jmap/types.ts';
import { useI18n } from '../i18n/i18n.ts';
import { assertSet } from '../jmap/client.ts';
import { SignatureSettings, type SignatureDraft } from './settings-signatures.tsx';
import { RemoteImageSettings, TagSettings } from './settings-tags.tsx';
import { NO_SIGNATURE } from './signatures.ts';

/** The dialog's editable copy of the signature preferences. */
function signatureDraft(controller: MailController): SignatureDraft {
  const defaults: Record<string, string> = {};
  for (const [identity, signature] of Object.entries(controller.prefs.value.defaultSignature))
    defaults[identity] = signature ?? NO_SIGNATURE;
  return { signatures: controller.prefs.signatures(), defaults };
}

/** Saves signatures and defaults in one Preferences/set ("" = not chosen, left out). */
function saveSignatures(controller: MailController, draft: SignatureDraft): Promise<boolean> {
  const defaultSignature: Record<string, string | null> = {};
  for (const [identity, value] of Object.entries(draft.defaults)) {
    if (value) defaultSignature[identity] = value === NO_SIGNATURE ? null : value;
  }
  return controller.prefs.update({
    signatures: draft.signatures.filter((s) => s.name.trim()).map((s) => ({ ...s, name: s.name.trim() })),
    defaultSignature,
  });
}

function VacationSettings({
  vacation,
  onChange,
}: {
  vacation: VacationResponse;
  onChange: (v: VacationResponse) => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="settings-vacation">
      <h3 id="settings-vacation">{t('settings.vacation')}</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={vacation.isEnabled}
          onChange={(e) => onChange({ ...vacation, isEnabled: e.target.checked })}
        />{' '}
        {t('settings.vacationEnabled')}
      </label>
      <label>
        {t('settings.vacationSubject')}
        <input
          value={vacation.subject ?? ''}
          onChange={(e) => onChange({ ...vacation, subject: e.target.value })}
        />
      </label>
      <label>
        {t('settings.vacationBody')}
        <textarea
          value={vacation.textBody ?? ''}
          onChange={(e) => onChange({ ...vacation, textBody: e.target.value })}
        />
      </label>
    </section>
  );
}

export default function SettingsDialog({
  controller,
  onClose,
}: {
  controller: MailController;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [signatures, setSignatures] = useState(() => signatureDraft(controller));
  const [permission, setPermission] = useState('Notification' in window ? Notification.permission : 'denied');
  const [vacation, setVacation] = useState<VacationResponse | null>(null);
  const dialog = useRef<HTMLDivElement>(null);

  // Focus moves into the dialog on open, and back to what opened it on close.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => opener?.focus();
  }, []);

  useEffect(() => {
    void controller.client
      .call<GetResponse<VacationResponse>>('VacationResponse/get', { ids: null })
      .then((r) => setVacation(r.list[0] ?? null))
      .catch(() => setVacation(null));
  }, [controller]);

  const save = async () => {
    if (!(await saveSignatures(controller, signatures))) return;
    if (vacation) {
      const { isEnabled, subject, textBody } = vacation;
      try {
        assertSet(
          await controller.client.call('VacationResponse/set', {
            update: { singleton: { isEnabled, subject, textBody } },
          }),
        );
      } catch (e) {
        controller.toast(t('common.error', { message: String(e) }));
        return;
      }
    }
    onClose();
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        tabIndex={-1}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="settings-title"
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="settings-title">{t('settings.title')}</h2>
        <SignatureSettings identities={controller.identities} draft={signatures} onChange={setSignatures} />
        <TagSettings controller={controller} />
        <RemoteImageSettings controller={controller} />
        <section aria-labelledby="settings-notifications">
          <h3 id="settings-notifications">{t('settings.notifications')}</h3>
          {permission === 'granted' ? (
            <p>{t('settings.notificationsOn')}</p>
          ) : (
            <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
              {t('settings.enableNotifications')}
            </button>
          )}
        </section>
        {vacation && <VacationSettings vacation={vacation} onChange={setVacation} />}
        <section aria-labelledby="settings-shortcuts">
          <h3 id="settings-shortcuts">{t('settings.shortcuts')}</h3>
          <p>{t('shortcuts.help')}</p>
        </section>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={() => void save()}>
            {t('common.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
