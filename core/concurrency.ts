/**
 * How many requests the UI sends at once (ui/adaptive-limit.ts): it starts at `initial` and grows by one after each
 * full round of successes, up to `max`, halving on a 429. Defined here so the estimate counts the same rounds. Pure.
 */
export const CONCURRENCY = { initial: 4, max: 8 } as const;

/** Rounds `count` requests take when none is rate-limited: `initial` at once, then one more each round, to `max`. */
export function sendRounds(count: number, { initial, max }: { initial: number; max: number } = CONCURRENCY): number {
  let rounds = 0;
  for (let left = count, width = initial; left > 0; left -= width, width = Math.min(max, width + 1)) rounds++;
  return rounds;
}
