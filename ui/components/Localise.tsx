import { useRef, useState } from 'preact/hooks';
import type { Target } from '../../contract/messages';
import { COMMON_LANGUAGES, languagesProblem, localisable, parseLanguages, reviewOf, translationRequest, type FrameReview } from '../../core/localise';
import type { BackendClient } from '../api/client';
import { describeError } from '../api/errors';
import { localiseEstimate } from '../run/plan-localise';
import type { Run } from '../run/run';

interface Props {
  /** The selected frames. */
  targets: readonly Target[];
  client: Pick<BackendClient, 'translate'> | null;
  /** The backend's reason it cannot translate (capabilities.translationsUnavailable): the control is greyed with it. */
  unavailable?: string | undefined;
  /** The edits the reviewed translations become (ui/run/plan-localise.ts), for the estimate and to start. */
  plan(review: FrameReview[], languages: string[]): Run[];
  demo?: boolean;
  onStart(runs: Run[]): void;
}

type Step = { at: 'closed' } | { at: 'pick' } | { at: 'translating' } | { at: 'review'; review: FrameReview[]; languages: string[] };

/** A translation box's accessible name: the language, the line it translates and its frame. */
export const translationLabel = (language: string, line: string, frame: string): string => `${language} for “${line.replace(/\n/g, ' / ')}” in ${frame}`;

/**
 * Localise (issue 16) from the prompt area: pick languages for the selected frames (each with an image and text
 * layers; the others are listed with the reason they are skipped), the backend translates their text (free), the
 * translations are reviewed and can be corrected while the estimate of the paid edits shows, and only Start sends
 * them. Cancel at any step sends nothing and loses nothing (a cancelled review, corrections included, is offered
 * again while the same frames and languages are chosen); a failed translation says why and keeps the choices.
 */
export function Localise({ targets, client, unavailable, plan, demo = false, onStart }: Props) {
  const [step, setStep] = useState<Step>({ at: 'closed' });
  const [picked, setPicked] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** A review cancelled with its corrections, offered again while the same frames and languages are chosen. */
  const [kept, setKept] = useState<{ key: string; review: FrameReview[]; languages: string[] } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const { frames, skipped } = localisable(targets);
  const languages = [...picked, ...parseLanguages(typed).filter((l) => !picked.some((p) => p.toLowerCase() === l.toLowerCase()))];
  const keyOf = (review: readonly { id: string }[], langs: readonly string[]) => JSON.stringify([review.map((f) => f.id), langs.map((l) => l.trim().toLowerCase())]);
  const resumable = kept && kept.key === keyOf(frames, languages) ? kept : null;
  const why = unavailable ?? (frames.length === 0 ? 'Select frames that show an image and have text layers.' : null);

  const close = () => {
    abort.current?.abort();
    setError(null);
    setStep({ at: 'closed' });
  };

  const translate = async () => {
    if (!client) return;
    const request = translationRequest(frames, languages);
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setStep({ at: 'translating' });
    try {
      const answer = await client.translate(request, { signal: controller.signal });
      if (controller.signal.aborted) return;
      setStep({ at: 'review', review: reviewOf(frames, request, answer), languages: request.languages });
    } catch (e) {
      if (controller.signal.aborted) return;
      setError(describeError(e));
      setStep({ at: 'pick' });
    }
  };

  if (step.at === 'closed') {
    // Nothing selected shows an image: nothing to localise, no control to clutter the prompt area.
    if (!targets.some((t) => t.hasImageFill)) return null;
    return (
      <div class="localise row">
        <button type="button" class="secondary" disabled={why !== null || !client} aria-describedby={why ? 'localise-why' : undefined} onClick={() => setStep({ at: 'pick' })}>
          Localise…
        </button>
        {why && (
          <span class="hint" id="localise-why">
            {why}
          </span>
        )}
      </div>
    );
  }

  const skippedList = skipped.length > 0 && (
    <ul class="hint localise-skipped" aria-label="Skipped">
      {skipped.map((s) => (
        <li key={s.id}>
          “{s.name}” is skipped: it {s.reason}.
        </li>
      ))}
    </ul>
  );

  if (step.at === 'review') {
    return (
      <Review
        step={step}
        demo={demo}
        plan={plan}
        onCancel={(review) => {
          setKept({ key: keyOf(review, step.languages), review, languages: step.languages });
          close();
        }}
        onStart={(runs) => {
          setKept(null);
          onStart(runs);
          close();
        }}
      />
    );
  }

  const problem = languagesProblem(languages);
  return (
    <section class="localise panel" aria-label="Localise">
      <p class="hint">
        {frames.length === 1 ? `“${frames[0]!.name}”` : `${frames.length} frames`}: each language makes a copy beside the frame, its image edited to show the text translated. You review the translations before any edit is paid for.
      </p>
      {skippedList}
      <fieldset class="localise-languages" disabled={step.at === 'translating'}>
        <legend>Languages</legend>
        {COMMON_LANGUAGES.map((l) => (
          <label key={l} class="check">
            <input type="checkbox" checked={picked.includes(l)} onChange={(e) => setPicked(e.currentTarget.checked ? [...picked, l] : picked.filter((p) => p !== l))} />
            {l}
          </label>
        ))}
        <label class="localise-other">
          Other languages (names or codes, comma-separated)
          <input type="text" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
      </fieldset>
      {languages.length > 0 && problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          Translation failed: {error}
        </p>
      )}
      {step.at === 'translating' && <p role="status">Translating…</p>}
      <div class="row">
        <button type="button" class="primary" disabled={problem !== null || step.at === 'translating'} onClick={() => void translate()}>
          Translate for review
        </button>
        {resumable && (
          <button type="button" class="secondary" onClick={() => setStep({ at: 'review', review: resumable.review, languages: resumable.languages })}>
            Back to the review
          </button>
        )}
        <button type="button" class="secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** The review step: per frame and language, each source line with its editable translation, and the estimate. */
function Review({ step, demo, plan, onCancel, onStart }: { step: Extract<Step, { at: 'review' }>; demo: boolean; plan: Props['plan']; onCancel(review: FrameReview[]): void; onStart(runs: Run[]): void }) {
  const [review, setReview] = useState(step.review);
  const edit = (frameId: string, language: string, index: number, text: string) =>
    setReview(review.map((f) => (f.id !== frameId ? f : { ...f, translations: { ...f.translations, [language]: f.translations[language]!.map((t, i) => (i === index ? text : t)) } })));
  let runs: Run[] = [];
  let problem: string | null = null;
  try {
    runs = plan(review, step.languages);
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  const estimate = localiseEstimate(runs, review.length, step.languages.length, demo);
  return (
    <section class="localise panel" aria-label="Review translations">
      <p class="hint">Check each translation; correct any before the edits start.</p>
      <div class="localise-review">
        {review.map((f) =>
          step.languages.map((language) => (
            <fieldset key={`${f.id}-${language}`} class="localise-frame">
              <legend>
                {f.name} — {language}
              </legend>
              {f.lines.map((line, i) => (
                <label key={i} class="localise-line">
                  <span class="hint">{line}</span>
                  {line.includes('\n') ? (
                    // A text of several lines keeps its breaks: the copy's layer gets them (core/localise.ts tidyText).
                    <textarea rows={line.split('\n').length} aria-label={translationLabel(language, line, f.name)} value={f.translations[language]![i]} onInput={(e) => edit(f.id, language, i, e.currentTarget.value)} />
                  ) : (
                    <input type="text" aria-label={translationLabel(language, line, f.name)} value={f.translations[language]![i]} onInput={(e) => edit(f.id, language, i, e.currentTarget.value)} />
                  )}
                </label>
              ))}
            </fieldset>
          )),
        )}
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <p class="hint" id="localise-estimate">
        {estimate}
      </p>
      <div class="row">
        <button type="button" class="primary" disabled={problem !== null} aria-describedby="localise-estimate" onClick={() => onStart(runs)}>
          Start {runs.length} {runs.length === 1 ? 'edit' : 'edits'}
        </button>
        <button type="button" class="secondary" onClick={() => onCancel(review)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
