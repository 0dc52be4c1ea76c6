// Settings (lazy chunk): signatures and the default per identity, desktop notifications,
// and the automatic reply (VacationResponse, RFC 8621 §8).
import { useEffect, useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import type { GetResponse, VacationResponse } from '../jmap/types.ts';
import { useI18n } from '../i18n/i18n.ts';
import type { Signature } from '../mail/prefs.ts';
import { assertSet } from '../jmap/client.ts';

export default function SettingsDialog({
  controller,
  onClose,
}: {
  controller: MailController;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [signatures, setSignatures] = useState<Signature[]>(controller.prefs.signatures());
  const [permission, setPermission] = useState('Notification' in window ? Notification.permission : 'denied');
  const [vacation, setVacation] = useState<VacationResponse | null>(null);

  useEffect(() => {
    void controller.client
      .call<GetResponse<VacationResponse>>('VacationResponse/get', { ids: null })
      .then((r) => setVacation(r.list[0] ?? null))
      .catch(() => setVacation(null));
  }, [controller]);

  const save = async () => {
    controller.prefs.saveSignatures(signatures.filter((s) => s.name.trim()));
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
      }
    }
    onClose();
  };
  const edit = (i: number, patch: Partial<Signature>) =>
    setSignatures(signatures.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="settings-title">
        <h2 id="settings-title">{t('settings.title')}</h2>
        <section>
          <h3>{t('settings.signatures')}</h3>
          {signatures.map((s, i) => (
            <fieldset key={s.id}>
              <label>
                {t('settings.signatureName')}
                <input value={s.name} onChange={(e) => edit(i, { name: e.target.value })} />
              </label>
              <label>
                {t('settings.signatureText')}
                <textarea value={s.text} onChange={(e) => edit(i, { text: e.target.value })} />
              </label>
              <button type="button" onClick={() => setSignatures(signatures.filter((_, j) => j !== i))}>
                {t('common.delete')}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() => setSignatures([...signatures, { id: crypto.randomUUID(), name: '', text: '' }])}
          >
            {t('settings.addSignature')}
          </button>
          {controller.identities.map((identity) => (
            <label key={identity.id}>
              {t('settings.defaultFor', { identity: identity.email })}
              <select
                defaultValue={controller.prefs.defaultSignature(identity.id)}
                onChange={(e) => controller.prefs.setDefaultSignature(identity.id, e.target.value)}
              >
                <option value="none">—</option>
                <option value="identity">{identity.name || identity.email}</option>
                {signatures.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </section>
        <section>
          <h3>{t('settings.notifications')}</h3>
          {permission === 'granted' ? (
            <p>{t('settings.notificationsOn')}</p>
          ) : (
            <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
              {t('settings.enableNotifications')}
            </button>
          )}
        </section>
        {vacation && (
          <section>
            <h3>{t('settings.vacation')}</h3>
            <label>
              <input
                type="checkbox"
                checked={vacation.isEnabled}
                onChange={(e) => setVacation({ ...vacation, isEnabled: e.target.checked })}
              />{' '}
              {t('settings.vacationEnabled')}
            </label>
            <label>
              {t('settings.vacationSubject')}
              <input
                value={vacation.subject ?? ''}
                onChange={(e) => setVacation({ ...vacation, subject: e.target.value })}
              />
            </label>
            <label>
              {t('settings.vacationBody')}
              <textarea
                value={vacation.textBody ?? ''}
                onChange={(e) => setVacation({ ...vacation, textBody: e.target.value })}
              />
            </label>
          </section>
        )}
        <section>
          <h3>{t('settings.shortcuts')}</h3>
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
