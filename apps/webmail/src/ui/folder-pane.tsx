// Folder tree with unread counts, create/rename/move/delete, tag filters, and drop targets
// for messages dragged from the list.
import { useState, type DragEvent } from 'react';
import type { MailController } from '../mail/controller.ts';
import { buildTree, descendants, ROLE_LABEL } from '../mail/mailboxes.ts';
import { useI18n } from '../i18n/i18n.ts';
import { assertSet } from '../jmap/client.ts';
import type { Mailbox, SetResponse } from '../jmap/types.ts';
import { useMailActions } from './mail-actions.ts';
import { DRAG_TYPE } from './message-list.tsx';

export function FolderPane({
  controller,
  onNavigate,
}: {
  controller: MailController;
  onNavigate: () => void;
}) {
  const { t } = useI18n();
  const actions = useMailActions(controller);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const tree = buildTree(controller.mailboxes);
  const view = controller.view;
  const tags = Object.entries(controller.prefs.tagColors());

  const mailboxSet = async (args: Record<string, unknown>) => {
    try {
      assertSet(await controller.client.call<SetResponse<Mailbox>>('Mailbox/set', args));
    } catch (error) {
      const type = (error as { error?: { type?: string } }).error?.type;
      controller.toast(
        type === 'mailboxHasEmail' || type === 'mailboxHasChild'
          ? t('folders.notEmpty')
          : t('common.error', { message: String(error) }),
      );
    }
    await controller.loadMailboxes();
  };
  const create = () => {
    const name = window.prompt(t('folders.namePrompt'))?.trim();
    const parentId = view.kind === 'mailbox' ? view.mailboxId : null;
    const parent = controller.mailboxes.find((m) => m.id === parentId);
    if (name)
      void mailboxSet({ create: { n: { name, parentId: parent && !parent.role ? parent.id : null } } });
  };
  const rename = (m: Mailbox) => {
    const name = window.prompt(t('folders.namePrompt'), m.name)?.trim();
    if (name && name !== m.name) void mailboxSet({ update: { [m.id]: { name } } });
  };
  const move = (m: Mailbox) => {
    const forbidden = descendants(controller.mailboxes, m.id);
    const choices = controller.mailboxes.filter((x) => !forbidden.has(x.id));
    const list = [t('folders.root'), ...choices.map((x) => x.name)]
      .map((n, i) => `${String(i)}: ${n}`)
      .join('\n');
    const answer = window.prompt(`${t('folders.parent')}\n${list}`, '0');
    if (answer === null) return;
    const index = Number(answer);
    if (!Number.isInteger(index) || index < 0 || index > choices.length) return;
    void mailboxSet({
      update: { [m.id]: { parentId: index === 0 ? null : (choices[index - 1]?.id ?? null) } },
    });
  };
  const remove = (m: Mailbox) => {
    if (window.confirm(t('folders.confirmDelete', { name: m.name })))
      void mailboxSet({ destroy: [m.id], onDestroyRemoveEmails: false });
  };
  const onDrop = (event: DragEvent, mailboxId: string) => {
    event.preventDefault();
    setDropTarget(null);
    const ids = JSON.parse(event.dataTransfer.getData(DRAG_TYPE) || '[]') as string[];
    void actions.moveTo(ids, mailboxId);
  };

  return (
    <nav className="folders" aria-label={t('folders.title')}>
      <ul>
        {tree.map(({ mailbox: m, depth }) => {
          const label = m.role && ROLE_LABEL[m.role] ? t(ROLE_LABEL[m.role] ?? 'folders.inbox') : m.name;
          const current = view.kind === 'mailbox' && view.mailboxId === m.id;
          return (
            <li key={m.id} className={`depth-${String(Math.min(depth, 6))}`}>
              <button
                type="button"
                className={`folder${current ? ' current' : ''}${dropTarget === m.id ? ' drop' : ''}`}
                aria-current={current ? 'page' : undefined}
                data-role={m.role ?? undefined}
                onClick={() => {
                  controller.setView({ kind: 'mailbox', mailboxId: m.id });
                  onNavigate();
                }}
                onDragOver={(e) => {
                  if (e.dataTransfer.types.includes(DRAG_TYPE)) {
                    e.preventDefault();
                    setDropTarget(m.id);
                  }
                }}
                onDragLeave={() => setDropTarget(null)}
                onDrop={(e) => onDrop(e, m.id)}
              >
                <span className="folder-name">{label}</span>
                {m.unreadEmails > 0 && (
                  <span className="badge" aria-label={t('folders.unread', { count: m.unreadEmails })}>
                    {m.unreadEmails}
                  </span>
                )}
              </button>
              {!m.role && current && (
                <span className="folder-tools">
                  <button type="button" onClick={() => rename(m)}>
                    {t('folders.rename')}
                  </button>
                  <button type="button" onClick={() => move(m)}>
                    {t('folders.move')}
                  </button>
                  <button type="button" onClick={() => remove(m)}>
                    {t('folders.delete')}
                  </button>
                </span>
              )}
            </li>
          );
        })}
        <li>
          <button
            type="button"
            className={`folder${view.kind === 'scheduled' ? ' current' : ''}`}
            onClick={() => {
              controller.setView({ kind: 'scheduled' });
              onNavigate();
            }}
          >
            {t('folders.scheduled')}
          </button>
        </li>
      </ul>
      <button type="button" className="link" onClick={create}>
        + {t('folders.new')}
      </button>
      <h2 className="pane-heading">{t('tags.title')}</h2>
      <ul>
        {tags.map(([tag, color]) => (
          <li key={tag}>
            <button
              type="button"
              className={`folder${view.kind === 'tag' && view.tag === tag ? ' current' : ''}`}
              aria-label={t('tags.filter', { name: tag })}
              onClick={() => {
                controller.setView({ kind: 'tag', tag });
                onNavigate();
              }}
            >
              <span className={`tag-dot color-${String(colorIndex(color))}`} aria-hidden="true" /> {tag}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

import { TAG_COLORS } from '../mail/prefs.ts';
/**
 * Tag colours are CSS classes (no inline styles under the CSP). A colour outside the palette
 * (set by another client in Preferences) shows as the nearest palette colour.
 */
export function colorIndex(color: string): number {
  const exact = TAG_COLORS.indexOf(color.toLowerCase());
  if (exact >= 0 || !/^#[0-9a-f]{6}$/i.test(color)) return Math.max(0, exact);
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const [r = 0, g = 0, b = 0] = rgb(color);
  const distances = TAG_COLORS.map((c) => {
    const [cr = 0, cg = 0, cb = 0] = rgb(c);
    return (r - cr) ** 2 + (g - cg) ** 2 + (b - cb) ** 2;
  });
  return distances.indexOf(Math.min(...distances));
}
