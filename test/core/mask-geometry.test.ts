import { describe, expect, it } from 'vitest';
import { insidePolygon, maskGeometry, nodeToImage, type ImageFillFacts } from '../../core/mask-geometry';

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

describe('nodeToImage', () => {
  it('FILL with the same aspect is a plain scale', () => {
    const map = nodeToImage(fill({}))!;
    near(map({ x: 100, y: 50 }), 400, 200);
  });

  it('FILL with another aspect crops the overflow equally on both sides', () => {
    // A 1000x1000 image covering a 400x200 node: scale 0.4, 100 image px cut above and below... in node units 50.
    const map = nodeToImage(fill({ imageWidth: 1000, imageHeight: 1000 }))!;
    near(map({ x: 0, y: 0 }), 0, 250);
    near(map({ x: 400, y: 200 }), 1000, 750);
  });

  it('FIT letterboxes: the node edge maps outside the image', () => {
    const map = nodeToImage(fill({ imageWidth: 1000, imageHeight: 1000, scaleMode: 'FIT' }))!;
    // Scale 0.2: the image is 200x200 in the middle of the 400-wide node.
    near(map({ x: 100, y: 0 }), 0, 0);
    near(map({ x: 300, y: 200 }), 1000, 1000);
    expect(map({ x: 0, y: 0 }).x).toBeLessThan(0);
  });

  it('CROP follows the image transform', () => {
    // The node shows the right half of the image, full height.
    const map = nodeToImage(fill({ scaleMode: 'CROP', imageTransform: [[0.5, 0, 0.5], [0, 1, 0]] }))!;
    near(map({ x: 0, y: 0 }), 800, 0);
    near(map({ x: 400, y: 200 }), 1600, 800);
    near(map({ x: 200, y: 100 }), 1200, 400);
  });

  it('TILE has no single mapping', () => {
    expect(nodeToImage(fill({ scaleMode: 'TILE' }))).toBeNull();
  });
});

describe('maskGeometry', () => {
  it('turns a rectangle over the image into image pixels', () => {
    const g = maskGeometry(fill({}), { kind: 'rect', x: 50, y: 20, width: 100, height: 60 });
    expect(g.ok).toBe(true);
    if (!g.ok) return;
    expect(g.width).toBe(1600);
    expect(g.polygon).toHaveLength(4);
    near(g.polygon[0]!, 200, 80);
    near(g.polygon[2]!, 600, 320);
    expect(insidePolygon(g.polygon, { x: 400, y: 200 })).toBe(true);
    expect(insidePolygon(g.polygon, { x: 100, y: 200 })).toBe(false);
  });

  it('turns an ellipse into a polygon that excludes the corners of its box', () => {
    const g = maskGeometry(fill({}), { kind: 'ellipse', x: 0, y: 0, width: 200, height: 200 });
    if (!g.ok) throw new Error(g.reason);
    expect(insidePolygon(g.polygon, { x: 400, y: 400 })).toBe(true);
    expect(insidePolygon(g.polygon, { x: 20, y: 20 })).toBe(false);
  });

  it('refuses tiled fills and shapes off the image with a reason', () => {
    const tiled = maskGeometry(fill({ scaleMode: 'TILE' }), { kind: 'rect', x: 0, y: 0, width: 10, height: 10 });
    expect(tiled).toEqual({ ok: false, reason: expect.stringMatching(/tiled/) });
    const off = maskGeometry(fill({}), { kind: 'rect', x: 500, y: 300, width: 10, height: 10 });
    expect(off.ok).toBe(false);
  });
});
