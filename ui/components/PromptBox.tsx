import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { insertAtCursor, nextBlank } from '../../core/blanks';

interface Props {
  disabled: boolean;
  /** Take the focus whenever this turns true (on opening, and when Settings closes). */
  focused: boolean;
  /**
   * Text put in the box from outside at the cursor (a starting point), or in place of what is there (`replace`: a
   * saved prompt); `n` changes on each new one.
   */
  seed?: { text: string; n: number; replace?: boolean };
  /** Told the box's text whenever it changes (the library saves it). */
  onDraft?(text: string): void;
  onSend(prompt: string): void;
  /** Controls that shape the next request (e.g. Variations), at the start of the button row. */
  children?: ComponentChildren;
  /** The next prompt edits a frame's image rather than generating: the button and the hint say so. */
  edits?: boolean;
  /** Whether the send button is this view's one primary action (not while Settings, with its Save, is open). */
  primary?: boolean;
  /** Images the next prompt asks for (variations): the button says so when more than one ("Generate 3"). */
  count?: number;
}

/**
 * The prompt: Enter sends, Shift+Enter starts a new line. A starting point is inserted at the cursor with its first
 * `[blank]` selected; Tab selects the next blank, and moves the focus on as usual when there is none.
 */
export function PromptBox({ disabled, focused, seed, onSend, onDraft, children, edits = false, primary = true, count = 1 }: Props) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  /** A selection to make once the new text is rendered. */
  const pending = useRef<[number, number] | null>(null);
  useEffect(() => {
    if (focused) ref.current?.focus();
  }, [focused]);
  useEffect(() => {
    const box = ref.current;
    if (!seed || !box) return;
    const edit = seed.replace ? insertAtCursor('', 0, 0, seed.text) : insertAtCursor(box.value, box.selectionStart, box.selectionEnd, seed.text);
    pending.current = edit.select;
    setText(edit.text);
  }, [seed]);
  useEffect(() => {
    onDraft?.(text);
    const box = ref.current;
    if (!pending.current || !box) return;
    box.focus();
    box.setSelectionRange(...pending.current);
    pending.current = null;
  }, [text]);
  const send = () => {
    const prompt = text.trim();
    if (!prompt || disabled) return;
    onSend(prompt);
    setText('');
  };
  return (
    <div class="prompt-box">
      <textarea
        ref={ref}
        aria-label="Prompt"
        placeholder={edits ? 'Describe the change… (Enter to send, Shift+Enter for a new line)' : 'Describe the image… (Enter to send, Shift+Enter for a new line)'}
        rows={3}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
          if (e.key === 'Tab' && !e.shiftKey) {
            const box = e.currentTarget;
            const blank = nextBlank(box.value, box.selectionEnd);
            if (blank) {
              e.preventDefault();
              box.setSelectionRange(...blank);
            }
          }
        }}
      />
      <div class="actions">
        {children && <div class="options">{children}</div>}
        <div class="send">
          <button type="button" class={primary ? 'primary' : undefined} onClick={send} disabled={disabled || text.trim() === ''}>
            {edits ? 'Edit' : 'Generate'}
            {count > 1 ? ` ${count}` : ''}
          </button>
        </div>
      </div>
    </div>
  );
}
