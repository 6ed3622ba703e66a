import { useEffect, useRef, useState } from 'preact/hooks';
import type { JobInfo } from '../../contract/api';
import type { Target } from '../../contract/messages';
import { aspectMismatch, mismatchText, type AspectMismatch } from '../run/reuse';

interface Props {
  job: JobInfo;
  prompt: string | undefined;
  /** The row's time as shown, for the button's accessible name. */
  when: string;
  targets: readonly Target[];
  onApply(job: JobInfo, prompt?: string): void;
}

/**
 * A kept image's Apply (a Recent row, its detail view): when the selected frames' shape differs from the image's, a
 * warning asks first, its first answer taking the focus so the keyboard answers it at once.
 */
export function RecentApply({ job, prompt, when, targets, onApply }: Props) {
  const [asking, setAsking] = useState<AspectMismatch | null>(null);
  const anyway = useRef<HTMLButtonElement>(null);
  useEffect(() => anyway.current?.focus(), [asking]);
  const apply = () => {
    const mismatch = aspectMismatch(job.images[0]!.size, targets);
    if (mismatch) return setAsking(mismatch);
    onApply(job, prompt);
  };
  return (
    <>
      <button type="button" class="secondary" aria-label={`Apply the image from ${when} to the selection`} onClick={apply}>
        Apply
      </button>
      {asking && (
        <div class="recent-warning" role="alert">
          <p>{mismatchText(asking)}</p>
          <button
            type="button"
            ref={anyway}
            onClick={() => {
              setAsking(null);
              onApply(job, prompt);
            }}
          >
            Apply anyway
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(null)}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}
