/** A wait as a designer reads it: seconds under a minute and a half, else minutes to the half minute ("1.5–5 min"). */
export function waitText(minSeconds: number, maxSeconds: number): string {
  if (maxSeconds < 90) return `${Math.round(minSeconds)}–${Math.round(maxSeconds)} s`;
  const minutes = (s: number) => String(Math.max(0.5, Math.round(s / 30) / 2));
  return `${minutes(minSeconds)}–${minutes(maxSeconds)} min`;
}
