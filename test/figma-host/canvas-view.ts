/**
 * A picture of the canvas for the host emulator: the current page's frames (and what they contain) drawn at their
 * positions and sizes with their fills, solid colours and images, scaled to fit, each top-level frame labelled with
 * its name as Figma does. It reads the document only through Figma's plugin API (`currentPage.children`, `fills`,
 * `getImageByHash(...).getBytesAsync()`), so it shows what the plugin left on the canvas, nothing the fake keeps
 * aside. Browser-only; the e2e suite screenshots it for the README.
 */

/** The parts of a scene node the picture needs (Figma's plugin API). */
interface CanvasNode {
  readonly type: string;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly visible?: boolean;
  readonly fills?: unknown;
  readonly children?: readonly CanvasNode[];
}

interface CanvasApi {
  readonly currentPage: { readonly children: readonly CanvasNode[] };
  getImageByHash(hash: string): { getBytesAsync(): Promise<Uint8Array> } | null;
}

type Paint = { type: string; visible?: boolean; opacity?: number; color?: { r: number; g: number; b: number; a?: number }; imageHash?: string | null; scaleMode?: string };

export const CANVAS_ID = 'figma-canvas';
/** Space around the frames and above each for its name, in screen pixels. */
const MARGIN = 32;
const LABEL = 18;
/** Figma's canvas background and frame label colours (light theme). */
const CANVAS_BG = '#e5e5e5';
const LABEL_COLOUR = '#6b6b6b';

/** CSS background sizing for Figma's image scale modes: FILL covers, FIT contains, TILE repeats, CROP as placed. */
const IMAGE_SIZING: Record<string, string> = {
  FILL: 'background-size:cover;background-position:center;background-repeat:no-repeat',
  FIT: 'background-size:contain;background-position:center;background-repeat:no-repeat',
  CROP: 'background-size:cover;background-position:center;background-repeat:no-repeat',
  TILE: 'background-repeat:repeat',
};

const paintsOf = (node: CanvasNode): Paint[] => (Array.isArray(node.fills) ? (node.fills as Paint[]) : []).filter((p) => p.visible !== false);

/** One absolutely placed layer per visible paint, bottom first, as Figma stacks fills. */
async function paintLayers(api: CanvasApi, node: CanvasNode, urls: string[]): Promise<HTMLElement[]> {
  const layers: HTMLElement[] = [];
  for (const paint of paintsOf(node)) {
    const layer = document.createElement('div');
    layer.style.cssText = `position:absolute;inset:0;opacity:${paint.opacity ?? 1}`;
    if (paint.type === 'SOLID' && paint.color) {
      const { r, g, b, a = 1 } = paint.color;
      layer.style.background = `rgba(${Math.round(r * 255)},${Math.round(g * 255)},${Math.round(b * 255)},${a})`;
    } else if (paint.type === 'IMAGE' && paint.imageHash) {
      const image = api.getImageByHash(paint.imageHash);
      if (!image) continue;
      const url = URL.createObjectURL(new Blob([new Uint8Array(await image.getBytesAsync())]));
      urls.push(url);
      layer.style.cssText += `;background-image:url("${url}");${IMAGE_SIZING[paint.scaleMode ?? 'FILL'] ?? IMAGE_SIZING.FILL}`;
    } else continue;
    layers.push(layer);
  }
  return layers;
}

async function drawNode(api: CanvasApi, node: CanvasNode, scale: number, urls: string[]): Promise<HTMLElement> {
  const el = document.createElement('div');
  el.dataset.nodeName = node.name;
  // Frames clip their content, as Figma's do by default.
  el.style.cssText = `position:absolute;left:${node.x * scale}px;top:${node.y * scale}px;width:${node.width * scale}px;height:${node.height * scale}px;overflow:${node.type === 'FRAME' ? 'hidden' : 'visible'}`;
  el.append(...(await paintLayers(api, node, urls)));
  for (const child of node.children ?? []) if (child.visible !== false) el.append(await drawNode(api, child, scale, urls));
  return el;
}

let previousUrls: string[] = [];

/**
 * Draws the page into a `#figma-canvas` element `width` pixels wide at the end of the body (replacing an earlier
 * one) and resolves once its images have loaded, ready for a screenshot.
 */
export async function renderCanvas(api: CanvasApi, width: number): Promise<void> {
  document.getElementById(CANVAS_ID)?.remove();
  for (const url of previousUrls) URL.revokeObjectURL(url);
  previousUrls = [];
  const nodes = api.currentPage.children.filter((n) => n.visible !== false);
  const left = Math.min(0, ...nodes.map((n) => n.x));
  const top = Math.min(0, ...nodes.map((n) => n.y));
  const right = Math.max(1, ...nodes.map((n) => n.x + n.width));
  const bottom = Math.max(1, ...nodes.map((n) => n.y + n.height));
  const scale = (width - 2 * MARGIN) / (right - left);

  const canvas = document.createElement('div');
  canvas.id = CANVAS_ID;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Canvas: ${nodes.map((n) => n.name).join(', ')}`);
  canvas.style.cssText = `position:relative;width:${width}px;height:${Math.ceil((bottom - top) * scale + 2 * MARGIN + LABEL)}px;background:${CANVAS_BG};font:11px/1 Inter,system-ui,sans-serif`;
  const world = document.createElement('div');
  world.style.cssText = `position:absolute;left:${MARGIN - left * scale}px;top:${MARGIN + LABEL - top * scale}px`;
  for (const node of nodes) {
    const label = document.createElement('div');
    label.textContent = node.name;
    label.style.cssText = `position:absolute;left:${node.x * scale}px;top:${node.y * scale - LABEL + 2}px;color:${LABEL_COLOUR};white-space:nowrap`;
    world.append(label, await drawNode(api, node, scale, previousUrls));
  }
  canvas.append(world);
  document.body.append(canvas);
  // Every image decoded before the caller takes its picture.
  await Promise.all(
    previousUrls.map(
      (url) =>
        new Promise<void>((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve();
          img.onerror = () => reject(new Error(`an image fill did not decode (${url})`));
          img.src = url;
        }),
    ),
  );
}
