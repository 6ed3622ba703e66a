import { describe, expect, it } from 'vitest';
import {
  applyTransform,
  frameToImage,
  invert,
  maskRegion,
  multiply,
  shapeToImage,
  type ImageFillFacts,
  type MaskFacts,
  type Transform,
} from '../../core/mask-geometry';

const fill = (over: Partial<ImageFillFacts>): ImageFillFacts => ({
  nodeWidth: 400,
  nodeHeight: 200,
  imageWidth: 1600,
  imageHeight: 800,
  scaleMode: 'FILL',
  ...over,
});
const near = (p: { x: number; y: number }, x: number, y: number) => {
  expect(p.x).toBeCloseTo(x, 6);
  expect(p.y).toBeCloseTo(y, 6);
};
const at = (t: Transform | null, x: number, y: number) => applyTransform(t!, { x, y });
const translate = (x: number, y: number): Transform => [[1, 0, x], [0, 1, y]];
/** Figma's transform for a node at (x, y) rotated by `deg` (counter-clockwise on screen). */
const rotated = (deg: number, x: number, y: number): Transform => {
  const r = (deg * Math.PI) / 180;
  return [[Math.cos(r), Math.sin(r), x], [-Math.sin(r), Math.cos(r), y]];
};
const square: MaskFacts['paths'] = [{ windingRule: 'NONZERO', data: 'M 0 0 L 10 0 L 10 10 L 0 10 L 0 0 Z' }];

describe('frameToImage', () => {
  it('FILL with the same aspect is a plain scale', () => {
    near(at(frameToImage(fill({})), 100, 50), 400, 200);
  });

  it('FILL with another aspect crops the overflow equally on both sides', () => {
    // A 1000x1000 image covering a 400x200 node: scale 0.4, 250 image px cut above and below.
    const t = frameToImage(fill({ imageWidth: 1000, imageHeight: 1000 }));
    near(at(t, 0, 0), 0, 250);
    near(at(t, 400, 200), 1000, 750);
  });

  it('FIT letterboxes: the node edge maps outside the image', () => {
    const t = frameToImage(fill({ imageWidth: 1000, imageHeight: 1000, scaleMode: 'FIT' }));
    // Scale 0.2: the image is 200x200 in the middle of the 400-wide node.
    near(at(t, 100, 0), 0, 0);
    near(at(t, 300, 200), 1000, 1000);
    expect(at(t, 0, 0).x).toBeLessThan(0);
  });

  it('CROP follows the image transform', () => {
    // The node shows the right half of the image, full height.
    const t = frameToImage(fill({ scaleMode: 'CROP', imageTransform: [[0.5, 0, 0.5], [0, 1, 0]] }));
    near(at(t, 0, 0), 800, 0);
    near(at(t, 400, 200), 1600, 800);
    near(at(t, 200, 100), 1200, 400);
  });

  it('CROP with a zoomed, offset window', () => {
    // The node shows the image's centre quarter: unit (0.25..0.75) both ways.
    const t = frameToImage(fill({ scaleMode: 'CROP', imageTransform: [[0.5, 0, 0.25], [0, 0.5, 0.25]] }));
    near(at(t, 0, 0), 400, 200);
    near(at(t, 400, 200), 1200, 600);
  });

  it('TILE has no single mapping', () => {
    expect(frameToImage(fill({ scaleMode: 'TILE' }))).toBeNull();
  });
});

describe('transforms', () => {
  it('multiply applies the inner transform first; invert undoes', () => {
    const m = multiply(translate(10, 0), rotated(90, 0, 0));
    // (1, 0) rotated 90° counter-clockwise on screen (y down) is (0, -1), then moved by 10.
    near(at(m, 1, 0), 10, -1);
    near(at(multiply(invert(m)!, m), 3, 4), 3, 4);
    expect(invert([[0, 0, 1], [0, 0, 1]])).toBeNull();
  });
});

describe('shapeToImage', () => {
  it('composes the shape, the inverse of a moved frame and FILL', () => {
    // Frame at (100, 50); shape at (150, 70): (50, 20) in the frame, twice that in the image.
    const t = shapeToImage({ shapeTransform: translate(150, 70), frameTransform: translate(100, 50), fill: fill({}) });
    near(at(t, 0, 0), 200, 80);
    near(at(t, 100, 60), 600, 320);
  });

  it('a rotated shape keeps its rotation in image pixels', () => {
    // A 100x40 shape rotated 30° at frame position (200, 100); FILL scale 4 (1600/400).
    const t = shapeToImage({ shapeTransform: rotated(30, 200, 100), frameTransform: translate(0, 0), fill: fill({}) });
    const r = Math.PI / 6;
    near(at(t, 100, 0), 4 * (200 + 100 * Math.cos(r)), 4 * (100 - 100 * Math.sin(r)));
    near(at(t, 0, 40), 4 * (200 + 40 * Math.sin(r)), 4 * (100 + 40 * Math.cos(r)));
  });

  it('a rotated frame with a cropped image: corners land where the crop puts them', () => {
    // The frame is rotated 90°, the shape rotated with it: in the frame the shape sits at (50, 25).
    const frame = rotated(90, 500, 500);
    const shape = multiply(frame, translate(50, 25));
    const t = shapeToImage({ shapeTransform: shape, frameTransform: frame, fill: fill({ scaleMode: 'CROP', imageTransform: [[0.5, 0, 0.5], [0, 1, 0]] }) });
    // Frame x 50 -> unit 0.125 -> crop 0.5625 -> 900 px; frame y 25 -> unit 0.125 -> 100 px.
    near(at(t, 0, 0), 900, 100);
    near(at(t, 200, 100), 0.5 * 1600 * (250 / 400) + 800, 800 * (125 / 200));
  });
});

describe('maskRegion', () => {
  const facts = (over: Partial<MaskFacts>): MaskFacts => ({ paths: square, width: 10, height: 10, shapeTransform: translate(10, 10), frameTransform: translate(0, 0), fill: fill({}), ...over });

  it('hands the paths, the matrix and the image size to paint', () => {
    const result = maskRegion(facts({}));
    if (!result.ok) throw new Error(result.reason);
    expect(result.region).toMatchObject({ paths: square, width: 1600, height: 800 });
    near(at(result.region.transform, 10, 10), 80, 80);
  });

  it('refuses tiled fills, shapes off the visible image and shapes without area, with a reason', () => {
    expect(maskRegion(facts({ fill: fill({ scaleMode: 'TILE' }) }))).toEqual({ ok: false, reason: expect.stringMatching(/tiled/) });
    expect(maskRegion(facts({ shapeTransform: translate(500, 300) }))).toEqual({ ok: false, reason: expect.stringMatching(/does not overlap/) });
    // In a letterboxed (FIT) fill, the bars are not image.
    expect(maskRegion(facts({ fill: fill({ imageWidth: 1000, imageHeight: 1000, scaleMode: 'FIT' }), shapeTransform: translate(20, 20) })).ok).toBe(false);
    expect(maskRegion(facts({ paths: [] })).ok).toBe(false);
    // Rotated so that its box straddles the image edge: it overlaps.
    expect(maskRegion(facts({ shapeTransform: rotated(45, 0, 5) })).ok).toBe(true);
  });
});

describe('rotated image fills (ImagePaint.rotation, 90 degree steps, FILL and FIT)', () => {
  /** Image pixels (x, y) whose centres the region covers: each centre mapped back into the shape's own box. */
  const covered = (facts: MaskFacts) => {
    const result = maskRegion(facts);
    if (!result.ok) throw new Error(result.reason);
    const back = invert(result.region.transform)!;
    const pixels: string[] = [];
    for (let y = 0; y < facts.fill.imageHeight; y++) {
      for (let x = 0; x < facts.fill.imageWidth; x++) {
        const p = applyTransform(back, { x: x + 0.5, y: y + 0.5 });
        if (p.x > 0 && p.x < facts.width && p.y > 0 && p.y < facts.height) pixels.push(`${x},${y}`);
      }
    }
    return pixels;
  };
  /**
   * Worked out the other way round: where Figma shows each image pixel in the frame. Rotating by r counter-clockwise
   * on screen turns a W x H image into one of `rw x rh`; (x, y) lands at these rotated coordinates, then FILL/FIT
   * scales and centres.
   */
  const shownAt = (x: number, y: number, f: ImageFillFacts, rotation: number) => {
    const [W, H] = [f.imageWidth, f.imageHeight];
    const [u, v] = rotation === 90 ? [y, W - x] : rotation === 180 ? [W - x, H - y] : rotation === 270 ? [H - y, x] : [x, y];
    const [rw, rh] = rotation % 180 ? [H, W] : [W, H];
    const s = f.scaleMode === 'FILL' ? Math.max(f.nodeWidth / rw, f.nodeHeight / rh) : Math.min(f.nodeWidth / rw, f.nodeHeight / rh);
    return { x: u * s + (f.nodeWidth - rw * s) / 2, y: v * s + (f.nodeHeight - rh * s) / 2 };
  };
  const expected = (f: ImageFillFacts, rotation: number, box: { x: number; y: number; w: number; h: number }) => {
    const pixels: string[] = [];
    for (let y = 0; y < f.imageHeight; y++) {
      for (let x = 0; x < f.imageWidth; x++) {
        const p = shownAt(x + 0.5, y + 0.5, f, rotation);
        if (p.x > box.x && p.x < box.x + box.w && p.y > box.y && p.y < box.y + box.h) pixels.push(`${x},${y}`);
      }
    }
    return pixels;
  };

  it('a 4x2 image turned 90 degrees: the frame\'s top-left cell is the image\'s top-right pixel', () => {
    const f = fill({ nodeWidth: 2, nodeHeight: 4, imageWidth: 4, imageHeight: 2, rotation: 90 });
    expect(covered({ paths: square, width: 1, height: 1, shapeTransform: translate(0, 0), frameTransform: translate(0, 0), fill: f })).toEqual(['3,0']);
  });

  it.each([0, 90, 180, 270, -90, 450])('rotation %i, FILL and FIT, pixel by pixel', (rotation) => {
    const turn = ((rotation % 360) + 360) % 360;
    for (const scaleMode of ['FILL', 'FIT'] as const) {
      const f = fill({ nodeWidth: 300, nodeHeight: 200, imageWidth: 48, imageHeight: 30, scaleMode, rotation });
      const box = { x: 41, y: 33, w: 127, h: 88 }; // no pixel centre on an edge
      const facts: MaskFacts = { paths: square, width: box.w, height: box.h, shapeTransform: translate(box.x + 500, box.y + 100), frameTransform: translate(500, 100), fill: f };
      const want = expected(f, turn, box);
      expect(want.length).toBeGreaterThan(20);
      expect(covered(facts)).toEqual(want);
    }
  });
});
