// Message actions shared by the toolbar, the reader and the shortcuts, with undo toasts.
import { useMemo } from 'react';
import type { Id } from '../jmap/types.ts';
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import { ROLE_LABEL } from '../mail/mailboxes.ts';

export function useMailActions(controller: MailController) {
  const { t } = useI18n();
  return useMemo(() => {
    const folderName = (id: Id) => {
      const mailbox = controller.mailboxes.find((m) => m.id === id);
      const label = mailbox?.role ? ROLE_LABEL[mailbox.role] : undefined;
      return label ? t(label) : (mailbox?.name ?? '');
    };
    return {
      async remove(ids: Id[]) {
        const trash = controller.role('trash');
        const inTrash = controller.view.kind === 'mailbox' && controller.view.mailboxId === trash?.id;
        if (!trash || inTrash) {
          if (ids.length && window.confirm(t('actions.deleteForever'))) await controller.destroy(ids);
          return;
        }
        await controller.move(ids, trash.id, t('toast.deleted', { count: ids.length }));
      },
      async archive(ids: Id[]) {
        const archive = controller.role('archive');
        if (archive)
          await controller.move(
            ids,
            archive.id,
            t('toast.moved', { count: ids.length, folder: folderName(archive.id) }),
          );
      },
      async moveTo(ids: Id[], mailboxId: Id) {
        await controller.move(
          ids,
          mailboxId,
          t('toast.moved', { count: ids.length, folder: folderName(mailboxId) }),
        );
      },
      async spam(ids: Id[]) {
        const junk = controller.role('junk');
        if (junk)
          await controller.move(ids, junk.id, t('toast.spam', { count: ids.length }), {
            'keywords/$junk': true,
            'keywords/$notjunk': null,
          });
      },
      async notSpam(ids: Id[]) {
        const inbox = controller.role('inbox');
        if (inbox)
          await controller.move(ids, inbox.id, t('toast.notSpam', { count: ids.length }), {
            'keywords/$notjunk': true,
            'keywords/$junk': null,
          });
      },
      /** True while the Junk folder is shown: spam actions then mean "not spam". */
      isJunkView() {
        const junk = controller.role('junk');
        return Boolean(junk) && controller.view.kind === 'mailbox' && controller.view.mailboxId === junk?.id;
      },
      folderName,
    };
  }, [controller, t]);
}
