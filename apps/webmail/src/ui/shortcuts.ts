// Keyboard shortcuts of the mail view (Gmail-like): j/k, r, a, f, #, e, /, c, and ! (Shift+1)
// to report spam as in Gmail — in the Junk folder the same key means "not spam", since a
// message there can only go the other way.
import { useEffect } from 'react';
import type { Email } from '../jmap/types.ts';
import type { MailController } from '../mail/controller.ts';
import { useMailActions } from './mail-actions.ts';

interface Handlers {
  onCompose: () => void;
  onReply: (mode: 'reply' | 'replyAll' | 'forward', original: Email, text: string) => void;
}

/** Set by the reader with the open message's plain text, for reply shortcuts. */
export const openMessage: { email: Email | null; text: string } = { email: null, text: '' };

export function useShortcuts(controller: MailController, handlers: Handlers): void {
  const actions = useMailActions(controller);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      // Keys typed in a form field or anywhere inside a window (compose is role="dialog", not a
      // <dialog>) belong to that window: 'f' on the compose's Send button must not start a forward.
      if (target.closest('input, textarea, select, [contenteditable="true"], dialog, [role="dialog"]'))
        return;
      const step = (delta: number) => {
        const current = controller.openId ? controller.window.indexOf(controller.openId) : -1;
        const next = Math.max(0, Math.min((controller.window.total ?? 1) - 1, current + delta));
        const id = controller.window.idAt(next);
        if (id) {
          controller.openId = id;
          controller.selected = new Set([id]);
          controller.changed();
          document.getElementById(`row-${id}`)?.scrollIntoView({ block: 'nearest' });
        }
      };
      const ids = controller.selected.size
        ? [...controller.selected]
        : controller.openId
          ? [controller.openId]
          : [];
      const open = openMessage.email;
      const map: Record<string, () => void> = {
        j: () => step(1),
        k: () => step(-1),
        c: handlers.onCompose,
        '/': () => document.getElementById('search-input')?.focus(),
        '#': () => void actions.remove(ids),
        e: () => void actions.archive(ids),
        '!': () => void (actions.isJunkView() ? actions.notSpam(ids) : actions.spam(ids)),
        r: () => open && handlers.onReply('reply', open, openMessage.text),
        a: () => open && handlers.onReply('replyAll', open, openMessage.text),
        f: () => open && handlers.onReply('forward', open, openMessage.text),
      };
      const action = map[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller, handlers, actions]);
}
