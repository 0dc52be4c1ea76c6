// Tiptap rich-text editor (loaded with compose only). injectCSS is off: the app's CSP
// forbids injected <style>, the editor's few rules live in app.css.
import { useEffect } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { useI18n } from '../i18n/i18n.ts';

export function RichEditor({
  initialHtml,
  onChange,
  onReady,
  onPickImage,
  label,
}: {
  initialHtml: string;
  onChange: (html: string, text: string) => void;
  onReady?: (editor: Editor) => void;
  /** Shows the "insert image" button (compose only). */
  onPickImage?: () => void;
  /** Accessible name of the editing area; defaults to the message body's. */
  label?: string;
}) {
  const { t } = useI18n();
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ link: { openOnClick: false, protocols: ['mailto', 'tel'] } }),
      Image.configure({ inline: true }),
    ],
    content: initialHtml,
    injectCSS: false,
    immediatelyRender: true,
    editorProps: {
      attributes: {
        'aria-label': label ?? t('compose.body'),
        role: 'textbox',
        'aria-multiline': 'true',
        class: 'editor-body',
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.getHTML(), e.getText({ blockSeparator: '\n' })),
  });
  useEffect(() => {
    // StrictMode mounts twice: the first editor is already destroyed here.
    if (editor.isDestroyed) return;
    onReady?.(editor);
    // Report the initial content once, when the editor exists.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor]);
  const link = () => {
    const href = window.prompt(t('compose.linkPrompt'), 'https://');
    if (href && /^(https?:|mailto:|tel:)/i.test(href)) editor.chain().focus().setLink({ href }).run();
  };
  return (
    <div className="rich-editor">
      <div className="editor-toolbar" role="toolbar" aria-label={t('compose.richText')}>
        <button
          type="button"
          aria-pressed={editor.isActive('bold')}
          onClick={() => editor.chain().focus().toggleBold().run()}
        >
          {t('compose.bold')}
        </button>
        <button
          type="button"
          aria-pressed={editor.isActive('italic')}
          onClick={() => editor.chain().focus().toggleItalic().run()}
        >
          {t('compose.italic')}
        </button>
        <button
          type="button"
          aria-pressed={editor.isActive('bulletList')}
          onClick={() => editor.chain().focus().toggleBulletList().run()}
        >
          {t('compose.bulletList')}
        </button>
        <button type="button" onClick={link}>
          {t('compose.link')}
        </button>
        {onPickImage && (
          <button type="button" onClick={onPickImage}>
            {t('compose.inlineImage')}
          </button>
        )}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
