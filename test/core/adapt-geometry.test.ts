/** Adapting a master image to other sizes: placement, crop, mask margins, the ratio limit, and "beside" placement. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adaptGeometry,
  adaptProblem,
  besideRect,
  closerThan,
  cropRect,
  marginsAround,
  ratioLimit,
  visibleRect,
  type AdaptGeometry,
  type Placement,
  type Rect,
} from '../../core/adapt-geometry';
import type { PixelSize } from '../../core/sizing';

const area = (r: Rect) => r.width * r.height;
const inside = (r: Rect, c: PixelSize) => r.x >= 0 && r.y >= 0 && r.x + r.width <= c.width && r.y + r.height <= c.height;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const size = (max = 4096) => fc.record({ width: fc.integer({ min: 1, max }), height: fc.integer({ min: 1, max }) });
const unitPoint = fc.record({ x: fc.double({ min: 0, max: 1, noNaN: true }), y: fc.double({ min: 0, max: 1, noNaN: true }) });
const placement: fc.Arbitrary<Placement> = fc.oneof(
  fc.record({ kind: fc.constant('fit' as const), maxCrop: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('anchor' as const), interest: unitPoint, maxCrop: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('cover' as const), interest: unitPoint }),
);

describe('adaptGeometry: examples', () => {
  it('fits a 3:2 master into a 1:2 target, centred, with bands above and below for the model', () => {
    const g = adaptGeometry({ master: { width: 1536, height: 1024 }, target: { width: 1024, height: 2048 }, placement: { kind: 'fit' } });
    expect(g.crop).toEqual({ x: 0, y: 0, width: 1536, height: 1024 });
    expect(g.placed).toEqual({ x: 0, y: 682, width: 1024, height: 683 });
    expect(g.margins).toEqual([
      { x: 0, y: 0, width: 1024, height: 682 },
      { x: 0, y: 1365, width: 1024, height: 683 },
    ]);
  });

  it('fits a 1:1 master into a 3:1 target with side bands, and anchors its subject where it was', () => {
    const master = { width: 1024, height: 1024 };
    const target = { width: 2304, height: 768 };
    expect(adaptGeometry({ master, target, placement: { kind: 'fit' } }).placed).toEqual({ x: 768, y: 0, width: 768, height: 768 });
    // Subject at the left quarter: it stays at a quarter of the target's width (576), so the master starts at 384.
    const anchored = adaptGeometry({ master, target, placement: { kind: 'anchor', interest: { x: 0.25, y: 0.5 } } });
    expect(anchored.placed).toEqual({ x: 384, y: 0, width: 768, height: 768 });
    // At the very edge the master cannot leave the canvas.
    expect(adaptGeometry({ master, target, placement: { kind: 'anchor', interest: { x: 0, y: 0.5 } } }).placed.x).toBe(0);
    expect(anchored.margins.map(area).reduce((a, b) => a + b, 0)).toBe(2304 * 768 - 768 * 768);
  });

  it('covers by cropping around the centre of interest, leaving nothing to extend', () => {
    const g = adaptGeometry({ master: { width: 1536, height: 1024 }, target: { width: 1024, height: 1024 }, placement: { kind: 'cover', interest: { x: 0.9, y: 0.5 } } });
    expect(g.crop).toEqual({ x: 512, y: 0, width: 1024, height: 1024 });
    expect(g.placed).toEqual({ x: 0, y: 0, width: 1024, height: 1024 });
    expect(g.margins).toEqual([]);
  });

  it('crops a narrower target only as far as maxCrop allows, around the subject, and extends the rest', () => {
    // 16:9 hero into a 9:16 story: at most half the width goes, centred on the subject at x = 0.3.
    const g = adaptGeometry({ master: { width: 1920, height: 1080 }, target: { width: 1088, height: 1920 }, placement: { kind: 'fit', maxCrop: 0.5, interest: { x: 0.3, y: 0.5 } } });
    expect(g.crop).toEqual({ x: 96, y: 0, width: 960, height: 1080 });
    expect(g.placed.width).toBe(1088);
    expect(g.placed.height).toBe(Math.round(1080 * (1088 / 960)));
    expect(g.margins).toHaveLength(2);
  });

  it('places the master inside the part of the canvas a frame past 3:1 shows', () => {
    const frame = { width: 4000, height: 1000 };
    expect(ratioLimit(frame)).toMatch(/4 times as wide as tall; GPT Image makes at most 3:1/);
    expect(ratioLimit({ width: 900, height: 300 })).toBeNull();
    expect(ratioLimit({ width: 100, height: 500 })).toMatch(/tall as wide.*1:3.*sides cropped/);
    const target = { width: 2304, height: 768 };
    const g = adaptGeometry({ master: { width: 1024, height: 1024 }, target, frame, placement: { kind: 'fit' } });
    expect(g.visible).toEqual({ x: 0, y: 96, width: 2304, height: 576 });
    expect(g.placed).toEqual({ x: 864, y: 96, width: 576, height: 576 });
    // The hidden strips are margins too: the model fills the whole canvas but the master.
    expect(g.margins.map(area).reduce((a, b) => a + b, 0)).toBe(2304 * 768 - 576 * 576);
  });

  it('refuses a master without an image and sizes that are not whole pixels, saying which', () => {
    expect(adaptProblem({ master: { width: 0, height: 0 }, target: { width: 1024, height: 1024 } })).toMatch(/master has no image/);
    expect(adaptProblem({ master: { width: 10, height: 10 }, target: { width: 10.5, height: 10 } })).toMatch(/whole pixels/);
    expect(() => adaptGeometry({ master: { width: 0, height: 5 }, target: { width: 5, height: 5 }, placement: { kind: 'fit' } })).toThrow(/master has no image/);
  });
});

describe('adaptGeometry: properties', () => {
  const check = (g: AdaptGeometry, master: PixelSize, target: PixelSize, p: Placement) => {
    expect(inside(g.crop, master)).toBe(true);
    expect(inside(g.placed, target)).toBe(true);
    expect(g.placed.width).toBeGreaterThanOrEqual(1);
    expect(g.placed.height).toBeGreaterThanOrEqual(1);
    // Margins: inside the canvas, disjoint from each other and from the master, and together exactly the rest.
    for (const m of g.margins) {
      expect(inside(m, target)).toBe(true);
      expect(overlap(m, g.placed)).toBe(false);
    }
    g.margins.forEach((a, i) => g.margins.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
    expect(g.margins.reduce((s, m) => s + area(m), 0) + area(g.placed)).toBe(target.width * target.height);
    // The crop keeps its aspect when drawn (within rounding to whole pixels); `cover` stretches by under a master pixel.
    if (p.kind !== 'cover') expect(Math.abs(g.placed.width - (g.placed.height * g.crop.width) / g.crop.height)).toBeLessThanOrEqual(1 + g.crop.width / g.crop.height);
  };

  it('places the master inside the canvas, the margins covering exactly the rest', () => {
    fc.assert(
      fc.property(size(), size(), placement, (master, target, p) => {
        check(adaptGeometry({ master, target, placement: p }), master, target, p);
      }),
      { numRuns: 400 },
    );
  });

  it('fits the master (or its crop) as large as the visible canvas allows: it touches both edges of one axis', () => {
    fc.assert(
      fc.property(size(), size(), fc.option(size(), { nil: undefined }), placement, (master, target, frame, p) => {
        const g = adaptGeometry({ master, target, frame, placement: p });
        check(g, master, target, p);
        expect(inside(g.placed, target) && g.placed.x >= g.visible.x && g.placed.y >= g.visible.y).toBe(true);
        expect(g.placed.x + g.placed.width <= g.visible.x + g.visible.width && g.placed.y + g.placed.height <= g.visible.y + g.visible.height).toBe(true);
        expect(g.placed.width === g.visible.width || g.placed.height === g.visible.height).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the whole master in fit and anchor without maxCrop, and leaves no margins for cover', () => {
    fc.assert(
      fc.property(size(), size(), unitPoint, (master, target, interest) => {
        expect(adaptGeometry({ master, target, placement: { kind: 'fit' } }).crop).toEqual({ x: 0, y: 0, ...master });
        expect(adaptGeometry({ master, target, placement: { kind: 'anchor', interest } }).crop).toEqual({ x: 0, y: 0, ...master });
        const covered = adaptGeometry({ master, target, placement: { kind: 'cover', interest } });
        expect(covered.placed).toEqual({ x: 0, y: 0, ...target });
        expect(covered.margins).toEqual([]);
        // Drawn over the whole target, the crop is stretched by less than one master pixel's worth.
        expect(Math.abs(covered.crop.width / covered.crop.height - target.width / target.height)).toBeLessThanOrEqual(1 / Math.min(covered.crop.width, covered.crop.height) + (target.width / target.height) / covered.crop.height);
      }),
      { numRuns: 300 },
    );
  });

  it('centres a fit: opposite margins differ by at most a pixel', () => {
    fc.assert(
      fc.property(size(), size(), (master, target) => {
        const { placed } = adaptGeometry({ master, target, placement: { kind: 'fit' } });
        expect(Math.abs(placed.x - (target.width - placed.x - placed.width))).toBeLessThanOrEqual(1);
        expect(Math.abs(placed.y - (target.height - placed.y - placed.height))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('anchors the subject at its relative place on the target, unless the master would leave the canvas', () => {
    fc.assert(
      fc.property(size(), size(), unitPoint, (master, target, interest) => {
        const { placed } = adaptGeometry({ master, target, placement: { kind: 'anchor', interest } });
        const subjectX = placed.x + interest.x * placed.width;
        const atEdge = placed.x === 0 || placed.x + placed.width === target.width;
        expect(atEdge || Math.abs(subjectX - interest.x * target.width) <= 1).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('crops at most maxCrop of a side, around the subject where the master allows', () => {
    fc.assert(
      fc.property(size(), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), unitPoint, (master, aspect, maxCrop, interest) => {
        const crop = cropRect(master, aspect, maxCrop, interest);
        expect(inside(crop, master)).toBe(true);
        expect(crop.width).toBeGreaterThanOrEqual(Math.min(master.width, Math.round(master.width * (1 - maxCrop))));
        expect(crop.height).toBeGreaterThanOrEqual(Math.min(master.height, Math.round(master.height * (1 - maxCrop))));
        // Only one side is ever cropped.
        expect(crop.width === master.width || crop.height === master.height).toBe(true);
        const centreX = crop.x + crop.width / 2;
        const clampedX = crop.x === 0 || crop.x + crop.width === master.width;
        expect(clampedX || Math.abs(centreX - interest.x * master.width) <= 1).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('shows, for a frame of another aspect, a centred part of the canvas of the frame\'s aspect', () => {
    fc.assert(
      fc.property(size(), size(), (request, frame) => {
        const v = visibleRect(request, frame);
        expect(inside(v, request)).toBe(true);
        expect(v.width === request.width || v.height === request.height).toBe(true);
        const aspect = frame.width / frame.height;
        // The cut side is the frame's aspect to the nearest pixel (at least one), centred.
        if (v.height < request.height) expect(v.height === 1 || Math.abs(v.height - v.width / aspect) <= 0.5).toBe(true);
        if (v.width < request.width) expect(v.width === 1 || Math.abs(v.width - v.height * aspect) <= 0.5).toBe(true);
        expect(Math.abs(v.x - (request.width - v.x - v.width))).toBeLessThanOrEqual(1);
        expect(Math.abs(v.y - (request.height - v.y - v.height))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('splits any inner rectangle\'s surroundings into disjoint bands that add up to the canvas', () => {
    fc.assert(
      fc.property(size(64), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (canvas, a, b, c, d) => {
        const x = a % canvas.width;
        const y = b % canvas.height;
        const inner = { x, y, width: 1 + (c % (canvas.width - x)), height: 1 + (d % (canvas.height - y)) };
        const bands = marginsAround(canvas, inner);
        const covered = new Uint8Array(canvas.width * canvas.height);
        for (const r of [inner, ...bands]) {
          for (let j = r.y; j < r.y + r.height; j++) for (let i = r.x; i < r.x + r.width; i++) covered[j * canvas.width + i]!++;
        }
        expect(covered.every((n) => n === 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('besideRect', () => {
  const rect = fc.record({ x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }), width: fc.integer({ min: 1, max: 200 }), height: fc.integer({ min: 1, max: 200 }) });

  it('puts the frame right of the source, past siblings in the way', () => {
    const source = { x: 0, y: 0, width: 100, height: 100 };
    expect(besideRect(source, { width: 100, height: 100 }, [])).toEqual({ x: 140, y: 0, width: 100, height: 100 });
    const siblings = [
      { x: 150, y: 50, width: 100, height: 100 },
      { x: 400, y: -20, width: 50, height: 30 },
      { x: 140, y: 500, width: 100, height: 100 },
    ];
    expect(besideRect(source, { width: 100, height: 100 }, siblings, 40)).toEqual({ x: 490, y: 0, width: 100, height: 100 });
  });

  it('never lands closer than the gap to the source or a sibling, top-aligned, at the leftmost such place', () => {
    fc.assert(
      fc.property(rect, size(200), fc.array(rect, { maxLength: 12 }), fc.integer({ min: 0, max: 60 }), (source, size, siblings, gap) => {
        const placed = besideRect(source, size, siblings, gap);
        const start = source.x + source.width + gap;
        expect(placed.y).toBe(source.y);
        expect(placed.x).toBeGreaterThanOrEqual(start);
        expect(closerThan(placed, source, gap)).toBe(false);
        for (const s of siblings) expect(closerThan(placed, s, gap)).toBe(false);
        // Leftmost: every whole-pixel place from the start to the result is too close to something.
        for (let x = start; x < placed.x; x++) expect(siblings.some((s) => closerThan({ ...placed, x }, s, gap))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
