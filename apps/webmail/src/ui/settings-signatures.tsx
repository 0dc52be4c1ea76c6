// Settings section: the account's named signatures (plain text, optionally rich HTML) and the
// default signature of each identity. Edited locally, saved with the dialog's "Guardar".
import { useId } from 'react';
import type { Identity, PreferenceSignature } from '../jmap/types.ts';
import { useI18n } from '../i18n/i18n.ts';
import { RichEditor } from './rich-editor.tsx';
import { SignatureChoices } from './signature-choices.tsx';
import { IDENTITY_SIGNATURE } from './signatures.ts';

export interface SignatureDraft {
  signatures: PreferenceSignature[];
  /** identityId → signature id, NO_SIGNATURE, or absent for "not chosen". */
  defaults: Record<string, string>;
}

function SignatureEditor({
  signature,
  onEdit,
  onRemove,
}: {
  signature: PreferenceSignature;
  onEdit: (patch: Partial<PreferenceSignature>) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset className="signature-editor">
      <legend>{signature.name || t('settings.signatureUntitled')}</legend>
      <label htmlFor={`${id}-name`}>{t('settings.signatureName')}</label>
      <input id={`${id}-name`} value={signature.name} onChange={(e) => onEdit({ name: e.target.value })} />
      <label htmlFor={`${id}-text`}>{t('settings.signatureText')}</label>
      <textarea id={`${id}-text`} value={signature.text} onChange={(e) => onEdit({ text: e.target.value })} />
      <label className="check">
        <input
          type="checkbox"
          checked={signature.html !== null}
          onChange={(e) => onEdit({ html: e.target.checked ? textToHtml(signature.text) : null })}
        />{' '}
        {t('settings.signatureRich')}
      </label>
      {signature.html !== null && (
        <RichEditor
          initialHtml={signature.html}
          label={t('settings.signatureHtml', { name: signature.name })}
          onChange={(html) => onEdit({ html })}
        />
      )}
      <button type="button" onClick={onRemove}>
        {t('settings.removeSignature', { name: signature.name })}
      </button>
    </fieldset>
  );
}

const textToHtml = (text: string) =>
  text
    .split('\n')
    .map((line) => `<p>${line.replace(/[&<>"]/g, (c) => `&#${String(c.charCodeAt(0))};`)}</p>`)
    .join('');

export function SignatureSettings({
  identities,
  draft,
  onChange,
}: {
  identities: Identity[];
  draft: SignatureDraft;
  onChange: (draft: SignatureDraft) => void;
}) {
  const { t } = useI18n();
  const { signatures, defaults } = draft;
  const edit = (index: number, patch: Partial<PreferenceSignature>) =>
    onChange({ ...draft, signatures: signatures.map((s, j) => (j === index ? { ...s, ...patch } : s)) });
  const add = () =>
    onChange({
      ...draft,
      signatures: [...signatures, { id: crypto.randomUUID(), name: '', text: '', html: null }],
    });
  return (
    <section aria-labelledby="settings-signatures">
      <h3 id="settings-signatures">{t('settings.signatures')}</h3>
      {signatures.map((s, i) => (
        <SignatureEditor
          key={s.id}
          signature={s}
          onEdit={(patch) => edit(i, patch)}
          onRemove={() => onChange({ ...draft, signatures: signatures.filter((_, j) => j !== i) })}
        />
      ))}
      <button type="button" onClick={add}>
        {t('settings.addSignature')}
      </button>
      {identities.map((identity) => (
        <label key={identity.id}>
          {t('settings.defaultFor', { identity: identity.email })}
          <select
            value={defaults[identity.id] ?? ''}
            onChange={(e) => onChange({ ...draft, defaults: { ...defaults, [identity.id]: e.target.value } })}
          >
            <option value="">{t('settings.defaultAutomatic')}</option>
            <SignatureChoices
              options={[
                ...(identity.textSignature || identity.htmlSignature
                  ? [{ id: IDENTITY_SIGNATURE, name: identity.name || identity.email }]
                  : []),
                ...signatures,
              ]}
            />
          </select>
        </label>
      ))}
    </section>
  );
}
