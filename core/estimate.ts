/**
 * What planned runs will cost and how long they take, before anything is sent: one rule for every estimate the panel
 * shows (the targets list, its one-line summary, an edit, Localise) and one formatter for its words. Pure.
 */
import { sendRounds } from './concurrency';
import { DEMO_PRICE, DEMO_PRICE_LABEL, estimateCost, estimateSeconds, formatUsd } from './cost';
import type { ModelRef } from './models';
import type { Quality } from './sizing';
import { waitText } from './wait-text';

/** One planned run as the estimate sees it (a `Run` fits as it is). */
export interface PlannedRun {
  model: ModelRef;
  size: string;
  quality: Quality;
  /** Images the run asks for (variations); 1 when absent. */
  n?: number;
  /** Input images priced in advance (an anchor's image, a wireframe's export), each by the size it is sent at. */
  inputImages?: readonly string[];
  /** The run also sends input images whose size is unknown before (an edit's current image): unpriced, and said so. */
  unpricedInputs?: boolean;
}

export interface EstimateOptions {
  /** Streamed partial images each image asks for (each is billed). */
  partialImages?: number;
  /** The backend draws free placeholders: no dollar figure. */
  demo?: boolean;
}

export interface RunsEstimate {
  /** Images asked for, over all the runs. */
  images: number;
  /** Dollars for the images and the priced input images; null in demo mode. */
  usd: number | null;
  /** Input images counted in `usd`. */
  inputImages: number;
  /** Some input images are not in `usd`. */
  unpricedInputs: boolean;
  /**
   * Seconds until the last image arrives, as a range: the runner sends a few runs side by side (core/concurrency.ts),
   * so the slowest run's range once per round of them ([0, 0] without runs).
   */
  wait: [number, number];
}

export function estimateRuns(runs: readonly PlannedRun[], { partialImages = 0, demo = false }: EstimateOptions = {}): RunsEstimate {
  let images = 0;
  let usd = 0;
  let inputImages = 0;
  let unpricedInputs = false;
  let wait: [number, number] = [0, 0];
  for (const run of runs) {
    const n = run.n ?? 1;
    const inputs = run.inputImages ?? [];
    images += n;
    usd += estimateCost({ model: run.model, size: run.size, quality: run.quality, n, partialImages, inputImages: inputs }).usd;
    inputImages += inputs.length;
    unpricedInputs ||= run.unpricedInputs === true;
    const [min, max] = estimateSeconds(run.model, run.quality, run.size);
    wait = [Math.max(wait[0], min), Math.max(wait[1], max)];
  }
  const rounds = sendRounds(runs.length);
  return { images, usd: demo ? null : usd, inputImages, unpricedInputs, wait: [wait[0] * rounds, wait[1] * rounds] };
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The estimate as the panel words it: "`what` · price · wait", `what` defaulting to the count of images. In full
 * ("about $0.05 plus the input images · about 30–60 s") in the lines under a list or a form; `short` ("~$0.05 +
 * inputs · 30–60 s") on the one-line summary of the targets. No runs, no wait.
 */
export function estimateText(e: RunsEstimate, { what = plural(e.images, 'image'), short = false }: { what?: string; short?: boolean } = {}): string {
  const priced = e.inputImages > 0 ? ` incl. ${plural(e.inputImages, 'input image')}` : '';
  const unpriced = e.unpricedInputs ? (short ? ' + inputs' : ' plus the input images') : '';
  const price = e.usd === null ? (short ? DEMO_PRICE_LABEL : DEMO_PRICE) : `${short ? '~' : 'about '}${formatUsd(e.usd)}${priced}${unpriced}`;
  if (e.images === 0) return `${what} · ${price}`;
  return `${what} · ${price} · ${short ? '' : 'about '}${waitText(...e.wait)}`;
}
