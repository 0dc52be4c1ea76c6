// The <option>s of a signature picker: "no signature" first, then each signature by name.
// Shared by compose and by the default-signature setting.
import { useI18n } from '../i18n/i18n.ts';
import { NO_SIGNATURE } from './signatures.ts';

export function SignatureChoices({ options }: { options: readonly { id: string; name: string }[] }) {
  const { t } = useI18n();
  return (
    <>
      <option value={NO_SIGNATURE}>{t('compose.noSignature')}</option>
      {options.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}
