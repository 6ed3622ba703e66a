import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  busy: boolean;
  disabled: boolean;
  /** Take the focus whenever this turns true (on opening, and when Settings closes). */
  focused: boolean;
  /** Text put in the box from outside (a starting point); `n` changes on each new one. */
  seed?: { text: string; n: number };
  onSend(prompt: string): void;
  onStop(): void;
  /** Controls that shape the next request (e.g. Variations), at the start of the button row. */
  children?: ComponentChildren;
  /** The next prompt edits a frame's image rather than generating: the button and the hint say so. */
  edits?: boolean;
}

/** The prompt: Enter sends, Shift+Enter starts a new line. */
export function PromptBox({ busy, disabled, focused, seed, onSend, onStop, children, edits = false }: Props) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focused) ref.current?.focus();
  }, [focused]);
  useEffect(() => {
    if (!seed) return;
    setText(seed.text);
    ref.current?.focus();
  }, [seed]);
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
        }}
      />
      <div class="actions">
        {children && <div class="options">{children}</div>}
        {busy && (
          <button type="button" class="secondary" onClick={onStop}>
            Stop
          </button>
        )}
        <button type="button" onClick={send} disabled={disabled || text.trim() === ''}>
          {edits ? 'Edit' : 'Generate'}
        </button>
      </div>
    </div>
  );
}
