/**
 * The frame created for an image when nothing is selected (issue 19): named after the prompt's subject in a few
 * words, and sized to the zoom the designer is looking at. Pure and dependency-free: the main thread bundles it.
 */

/** Leading words that describe the picture rather than its subject. */
const LEAD = /^(?:(?:a|an|the|some)\s+)?(?:[\w-]+\s+){0,3}?(?:photo|photograph|picture|image|illustration|render|rendering|drawing|painting|portrait|shot|poster|icon|mockup|texture)\s+(?:of|for)\s+/i;
const ARTICLE = /^(?:a|an|the|some)\s+/i;
/** Words after which the subject has been said: "a lighthouse at dusk" → "Lighthouse". */
const STOP = new Set(['at', 'in', 'on', 'with', 'of', 'for', 'from', 'under', 'over', 'by', 'near', 'during', 'against', 'showing', 'featuring', 'and', 'while']);

/** The prompt's subject in at most `maxWords` words, capitalised ("Rainy Tokyo street at night, neon" → "Rainy Tokyo street"). */
export function frameNameFromPrompt(prompt: string, maxWords = 4): string {
  const clause = prompt.replace(/\s+/g, ' ').trim().split(/[,.;:!?\n—–()"]/)[0] ?? '';
  const subject = clause.replace(LEAD, '').replace(ARTICLE, '').replace(/[[\]]/g, '').trim();
  const words: string[] = [];
  for (const word of subject.split(' ')) {
    if (words.length > 0 && STOP.has(word.toLowerCase())) break;
    if (word) words.push(word);
    if (words.length === maxWords) break;
  }
  const name = words.join(' ');
  return name ? name[0]!.toUpperCase() + name.slice(1) : 'Figment image';
}

/** The new frame's longest edge at zoom 1 (Figma's `viewport.zoom`: 1 is 100%), in canvas pixels. */
export const SCREEN_EDGE = 512;

/**
 * The new frame's longest edge for the zoom in view: about SCREEN_EDGE screen pixels, whatever the zoom (at 25 % a
 * 512 px frame would be a thumbnail), kept within what Figma's canvas and images sensibly hold.
 */
export function frameEdgeForZoom(zoom: number): number {
  if (!Number.isFinite(zoom) || zoom <= 0) return SCREEN_EDGE;
  return Math.round(Math.min(4096, Math.max(64, SCREEN_EDGE / zoom)));
}
