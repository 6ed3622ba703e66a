/**
 * Localise's runs (issue 16): after the review, one Images edit per frame and language, of the frame's image with its
 * reviewed translation, landing in a duplicate of the frame beside it named with the language (src/localise.ts).
 * Ordinary edit runs: they stream, stop, retry and recover as every run does. Pure.
 */
import { estimateRuns, estimateText, plural } from '../../core/estimate';
import { localiseChange, localisedName, tidyText, type FrameReview } from '../../core/localise';
import { editPrompt } from '../../core/prompt';
import { requestSizeFor } from '../../core/sizing';
import { editRequest, PARTIAL_IMAGES } from './bodies';
import { qualityFor, turnRuns, type PlanOptions } from './plan';
import type { Run } from './run';

export type LocaliseOptions = Pick<PlanOptions, 'model' | 'design' | 'overrides' | 'complexity' | 'makeId'>;

/** The turn's words in the chat: what was asked, for which languages. */
export const localisePrompt = (languages: readonly string[]): string => `Localise into ${languages.join(', ')}`;

/** One edit per frame and language (frames first, then languages in the order picked), all in one turn. */
export function planLocalise(review: readonly FrameReview[], languages: readonly string[], o: LocaliseOptions): Run[] {
  const copies = review.flatMap((frame) => {
    // Copy to render: never low quality (core/sizing defaultQualityFor).
    const quality = qualityFor(frame, o.overrides, o.model, true);
    const size = requestSizeFor(o.model, frame.width, frame.height, quality);
    return languages.map((language) => ({ frame, language, size, quality, target: { id: null, name: localisedName(frame.name, language) } }));
  });
  return turnRuns('edit', localisePrompt(languages), copies, o, ({ frame, language, size, quality, target }) => {
    const sent = editPrompt({ change: localiseChange(language, frame.lines, frame.translations[language] ?? []), style: o.design.style, images: [{ role: 'current' }] });
    return {
      sent,
      request: {
        route: 'edits',
        body: editRequest({ model: o.model, prompt: sent, size, quality, n: 1, ...(o.complexity ? { complexity: o.complexity } : {}) }),
        source: { nodeId: frame.id, referenceIds: [], maskId: null, sendsFrame: true },
      },
      status: 'reading',
      // The copy's text layers say what its image now shows.
      beside: { sourceId: frame.id, name: target.name, duplicate: true, texts: Object.fromEntries(frame.lines.map((line, i) => [line, tidyText(frame.translations[language]?.[i] ?? '')])) },
    };
  });
}

/**
 * What the edits will cost before they start: "4 edits (2 frames × 2 languages) · about $0.21 plus the input images ·
 * about 20–40 s" (each edit's frame image is unpriced; the wait is the batch's, as every estimate's).
 */
export function localiseEstimate(runs: readonly Run[], frames: number, languages: number, demo = false): string {
  const estimate = estimateRuns(runs.map((r) => ({ model: r.model, size: r.size, quality: r.quality, n: r.n, unpricedInputs: true })), { partialImages: PARTIAL_IMAGES, demo });
  return estimateText(estimate, { what: `${plural(runs.length, 'edit')} (${plural(frames, 'frame')} × ${plural(languages, 'language')})` });
}
