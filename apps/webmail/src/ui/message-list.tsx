// Virtualised message list: only the visible rows exist in the DOM and only their pages are
// fetched. Keyboard operable (listbox with aria-activedescendant), multi-select with
// shift/ctrl, rows draggable onto folders.
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MailController } from '../mail/controller.ts';
import type { Email } from '../jmap/types.ts';
import { useI18n } from '../i18n/i18n.ts';
import { userTags } from '../mail/search.ts';
import { colorIndex } from './folder-pane.tsx';
import { Toolbar } from './toolbar.tsx';

export const DRAG_TYPE = 'application/x-chasqui-emails';
const ROW_HEIGHT = 64;
/** Pause in scrolling after which the visible rows are fetched. */
const SCROLL_SETTLE_MS = 60;

export function MessageList({
  controller,
  onOpenDraft,
}: {
  controller: MailController;
  onOpenDraft: (email: Email) => void;
}) {
  const { t, formatDate } = useI18n();
  const parent = useRef<HTMLDivElement>(null);
  const anchor = useRef<number>(-1);
  const win = controller.window;
  const count = win.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    controller.visible = [first, last + 1];
    // During a fling the range changes every frame: load once it settles, so the server answers
    // for the rows the user stops on instead of queueing every page scrolled past.
    const timer = setTimeout(() => {
      void win.ensureRange(first, last + 1).catch(() => undefined);
    }, SCROLL_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [controller, win, first, last]);

  const drafts = controller.role('drafts')?.id;
  const open = (index: number) => {
    const email = win.emailAt(index);
    if (!email) return;
    if (drafts && email.mailboxIds[drafts] && email.keywords['$draft']) onOpenDraft(email);
    else controller.openId = email.id;
    controller.changed();
  };
  const select = (index: number, event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) => {
    const id = win.idAt(index);
    if (!id) return;
    if (event.shiftKey && anchor.current >= 0) {
      const [a, b] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      const next = new Set<string>();
      for (let i = a; i <= b; i++) {
        const rowId = win.idAt(i);
        if (rowId) next.add(rowId);
      }
      controller.selected = next;
    } else if (event.ctrlKey || event.metaKey) {
      const next = new Set(controller.selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      controller.selected = next;
      anchor.current = index;
    } else {
      controller.selected = new Set([id]);
      anchor.current = index;
      open(index);
    }
    controller.changed();
  };
  const onClick = (event: MouseEvent, index: number) => select(index, event);
  const onKeyDown = (event: KeyboardEvent) => {
    const current = anchor.current < 0 ? -1 : anchor.current;
    const delta = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (delta) {
      event.preventDefault();
      const next = Math.max(0, Math.min(count - 1, current + delta));
      virtualizer.scrollToIndex(next);
      if (event.shiftKey) select(next, { shiftKey: true, ctrlKey: false, metaKey: false });
      else {
        anchor.current = next;
        const id = win.idAt(next);
        if (id) controller.selected = new Set([id]);
        controller.changed();
      }
    } else if (event.key === 'Enter' && current >= 0) open(current);
    else if (event.key === ' ' && current >= 0) {
      event.preventDefault();
      select(current, { shiftKey: false, ctrlKey: true, metaKey: false });
    }
  };
  const activeId = anchor.current >= 0 ? win.idAt(anchor.current) : undefined;
  const tagColors = controller.prefs.tagColors();

  return (
    <section className="list" aria-label={t('list.label')}>
      <Toolbar controller={controller} />
      <div
        ref={parent}
        className="list-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t('list.count', { count })}
        aria-multiselectable="true"
        aria-activedescendant={activeId ? `row-${activeId}` : undefined}
        onKeyDown={onKeyDown}
      >
        {count === 0 && win.total !== null && <p className="empty">{t('list.empty')}</p>}
        <div className="list-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const email = win.emailAt(item.index);
            const id = email?.id ?? `pending-${String(item.index)}`;
            const selected = email ? controller.selected.has(email.id) : false;
            const unread = email ? !email.keywords['$seen'] : false;
            const from = email?.from?.[0];
            return (
              <div
                key={id}
                id={`row-${id}`}
                role="option"
                aria-selected={selected}
                aria-posinset={item.index + 1}
                aria-setsize={count}
                className={`row${selected ? ' selected' : ''}${unread ? ' unread' : ''}${email?.id === controller.openId ? ' open' : ''}`}
                style={{ transform: `translateY(${String(item.start)}px)`, height: ROW_HEIGHT }}
                draggable={Boolean(email)}
                onDragStart={(e) => {
                  if (!email) return;
                  const ids = selected ? [...controller.selected] : [email.id];
                  e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(ids));
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={(e) => onClick(e, item.index)}
              >
                {email ? (
                  <>
                    <span className="row-from">{from?.name ?? from?.email ?? ''}</span>
                    <span className="row-date">{formatDate(email.receivedAt)}</span>
                    <span className="row-subject">
                      {unread && <span className="sr-only">{t('list.unread')}: </span>}
                      {email.keywords['$flagged'] && <span aria-label={t('list.flagged')}>★ </span>}
                      {email.hasAttachment && <span aria-label={t('list.attachment')}>📎 </span>}
                      {userTags(email.keywords).map((tag) => (
                        <span key={tag} className={`tag color-${String(colorIndex(tagColors[tag] ?? ''))}`}>
                          {tag}
                        </span>
                      ))}
                      {email.subject || t('list.noSubject')}
                    </span>
                    <span className="row-preview">{email.preview}</span>
                  </>
                ) : (
                  <span className="row-placeholder" aria-hidden="true" />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
