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
