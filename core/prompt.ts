/**
 * Prompts that know the design, assembled in one visible place: a frame's own prompt from its layer name, the
 * frame's text as exact copy to render, and the style lock that makes a batch look like one family. Each rule
 * follows OpenAI's image prompting guide (developers.openai.com/api/docs/guides/image-prompting) and the
 * cookbook's GPT Image prompting notebook: for edits say what changes and what must stay, label input images by
 * role, quote copy exactly, and let the prompt, not only the flag, ask for a transparent background. Pure.
 */

export interface StyleLock {
  enabled: boolean;
  palette: string;
  lighting: string;
  mood: string;
  medium: string;
}

export const EMPTY_STYLE: StyleLock = { enabled: false, palette: '', lighting: '', mood: '', medium: '' };

/** Figma's default layer names say nothing about the picture. */
const DEFAULT_NAME = /^(frame|rectangle|ellipse|polygon|star|vector|component|instance|section|group)( \d+)?$/i;

/**
 * A frame's own prompt from its layer name: the text after a `label:` ("hero: rainy Tokyo street at night"), or
 * the whole name when it is descriptive; null for Figma's default names ("Frame 12").
 */
export function promptFromLayerName(name: string): string | null {
  const colon = name.indexOf(':');
  const text = (colon >= 0 ? name.slice(colon + 1) : name).replace(/\s+/g, ' ').trim();
  if (!text || DEFAULT_NAME.test(text)) return null;
  return text;
}

/**
 * The style lock as one line. With a transparent background its lighting is left out: lighting words bring a
 * setting with them ("golden hour on the beach"), and the guide says the prompt wins over the `background` flag.
 */
export function styleLine(style: StyleLock, transparent = false): string {
  if (!style.enabled) return '';
  const parts = [
    style.palette.trim() && `colour palette ${style.palette.trim()}`,
    !transparent && style.lighting.trim() && `lighting: ${style.lighting.trim()}`,
    style.mood.trim() && `mood: ${style.mood.trim()}`,
    style.medium.trim() && `medium: ${style.medium.trim()}`,
  ].filter(Boolean);
  return parts.length ? `Style for every image in this set: ${parts.join('; ')}.` : '';
}

/** Text layers as exact copy: quoted, in reading order, so headlines in the image match the design. */
export function copyLine(texts: readonly string[]): string {
  const clean = texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (clean.length === 0) return '';
  const quoted = clean.map((t) => `"${t.replace(/"/g, '\u201d')}"`).join(', ');
  return `Render this text exactly as written, spelled exactly as quoted and nothing else: ${quoted}.`;
}

/** With a transparent background the prompt itself describes no backdrop (the guide: the prompt wins over the flag). */
export const TRANSPARENT_LINE = 'Transparent background: the subject alone, with no backdrop, scene, floor or shadow behind it.';

export interface PromptParts {
  /** What the user typed. */
  prompt: string;
  /** The frame's own prompt from its layer name, when "prompt from layer names" is on. */
  layerPrompt?: string | null;
  frameText?: readonly string[];
  style?: StyleLock;
  /** A transparent background is asked for. */
  transparent?: boolean;
}

/**
 * The prompt sent for one frame. With a layer prompt, it leads and what the user typed becomes shared direction;
 * copy and style follow, each on its own line.
 */
export function assemblePrompt({ prompt, layerPrompt, frameText = [], style = EMPTY_STYLE, transparent = false }: PromptParts): string {
  const typed = prompt.trim();
  const lines = layerPrompt ? [layerPrompt, typed && `Shared direction: ${typed}`] : [typed];
  lines.push(copyLine(frameText), styleLine(style, transparent), transparent ? TRANSPARENT_LINE : '');
  return lines.filter(Boolean).join('\n');
}

/** What an input image is to the edit: the frame's current image, or a reference (named by its layer). */
export type ImageRole = { role: 'current' } | { role: 'reference'; name: string };

/**
 * Input images labelled by role, in the order they are sent ("Image 1: the current frame. Image 2: reference,
 * Logo."), so the prompt can speak of each; empty when the frame's own image goes alone (nothing to tell apart).
 */
export function imageLabels(roles: readonly ImageRole[]): string {
  if (roles.length === 0 || (roles.length === 1 && roles[0]!.role === 'current')) return '';
  return roles.map((r, i) => `Image ${i + 1}: ${r.role === 'current' ? 'the current frame' : `reference, ${r.name.replace(/\s+/g, ' ').trim() || 'an image to use'}`}.`).join(' ');
}

export interface EditParts {
  /** The user's words for this turn: what changes. */
  change: string;
  /** The frame's subject as first described (the thread's first prompt), kept on every turn so turns do not drift. */
  subject?: string;
  style?: StyleLock;
  /** The frame's copy, kept exact. */
  frameText?: readonly string[];
  /** The images sent, in order (the current frame first). */
  images?: readonly ImageRole[];
  transparent?: boolean;
}

const sentence = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/[.!]*$/, '.');

/**
 * A follow-up edit as the guide advises: what changes, then everything that must stay, repeated in full on every
 * turn of a thread ("Change only: ... Keep everything else unchanged: ...").
 */
export function editPrompt({ change, subject, style = EMPTY_STYLE, frameText = [], images = [], transparent = false }: EditParts): string {
  const copy = frameText.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const keep = [
    'the composition, framing and camera angle',
    subject?.trim() ? `the subject (${sentence(subject).slice(0, -1)})` : 'the subject',
    styleLine(style, transparent) ? 'the style below' : 'the style, colours and lighting',
    copy.length ? `the text ${copy.map((t) => `"${t.replace(/"/g, '\u201d')}"`).join(', ')} exactly as written` : '',
  ].filter(Boolean);
  return [
    imageLabels(images),
    `Change only: ${sentence(change)}`,
    `Keep everything else unchanged: ${keep.join('; ')}.`,
    styleLine(style, transparent),
    transparent ? TRANSPARENT_LINE : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export interface RenderParts {
  /** What the user typed: what the frame should become ("a polished checkout screen"). */
  prompt: string;
  /** The source frame's layer name. */
  name: string;
  /** Its text layers, rendered as exact copy. */
  frameText?: readonly string[];
  style?: StyleLock;
  transparent?: boolean;
}

/**
 * Frame to image (issue 15): Image 1 is the frame's export, labelled by its role as the guide advises for input
 * images, then what to render it as, what to keep from it (layout, placement, proportions) and its copy, exactly.
 */
export function renderPrompt({ prompt, name, frameText = [], style = EMPTY_STYLE, transparent = false }: RenderParts): string {
  const label = name.replace(/\s+/g, ' ').trim();
  return [
    `Image 1 is a wireframe${label ? ` of “${label}”` : ''}: its boxes stand for the picture's parts and their places.`,
    `Render it as ${sentence(prompt.trim() || 'a finished, realistic design').replace(/^./, (c) => c.toLowerCase())}`,
    'Keep the layout of Image 1: every element in the same place, at the same size and proportion; replace placeholder boxes with finished content.',
    copyLine(frameText),
    styleLine(style, transparent),
    transparent ? TRANSPARENT_LINE : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * An anchored set (issue 15): the anchor image goes first as a reference, so every frame shares its subject and
 * look; the frame's own prompt (layer name, copy, style lock) follows.
 */
export function anchoredPrompt(framePrompt: string): string {
  return [
    'Image 1 is the reference for this set: show the same character, product or subject, in the same style, palette and lighting as Image 1.',
    'Make a new picture for this frame (do not copy Image 1\'s composition):',
    framePrompt.trim(),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Starting points for common jobs: editable scaffolds put in the prompt box, never hidden rewrites. */
/** `transparent`: the job wants a transparent background (where the model can make one). */
export const SCAFFOLDS: ReadonlyArray<{ id: string; label: string; text: string; transparent?: boolean; fromFrame?: boolean }> = [
  { id: 'ui-mockup', label: 'UI mockup', text: 'A clean, realistic app screen for [product], showing [main content]. Flat UI, crisp type, no device frame.' },
  { id: 'hero', label: 'Hero image', text: 'A wide hero photograph of [subject] in [setting], plenty of quiet space on the [left/right] for a headline.' },
  { id: 'avatar', label: 'Avatar or portrait', text: 'A friendly head-and-shoulders portrait of [person], soft natural light, plain [colour] background, centred.' },
  { id: 'product', label: 'Product shot', text: 'A studio product photograph of [product] on [surface], soft shadow, neutral background, sharp detail.' },
  { id: 'texture', label: 'Background texture', text: 'A subtle seamless background texture of [material], low contrast, even lighting, no focal point.' },
  { id: 'icon', label: 'Icon or illustration', text: 'A flat vector-style illustration of [object], simple shapes, limited palette, centred, nothing behind it.', transparent: true },
  { id: 'poster', label: 'Poster or infographic', text: 'A poster for [event] with the headline "[headline]", clear hierarchy, [n] labelled sections, bold type.' },  // Frame to image: each turns on "Render this frame" (`fromFrame`), its words say what the frame becomes.
  { id: 'wire-app', label: 'App screen from a wireframe', text: 'a polished, realistic [platform] app screen for [product], real content in place of every placeholder, crisp type', fromFrame: true },
  { id: 'wire-hero', label: 'Website hero from a wireframe', text: 'a finished website hero for [brand]: [photo or illustration] where the image box is, headline and buttons as drawn', fromFrame: true },
  { id: 'wire-product', label: 'Product render from a sketch', text: 'a photorealistic studio render of [product] in [material], soft shadow, neutral background', fromFrame: true },
  { id: 'wire-doodle', label: 'Illustration from a doodle', text: 'a finished [flat vector / watercolour] illustration of what the doodle shows, clean shapes, limited palette', fromFrame: true },
];
