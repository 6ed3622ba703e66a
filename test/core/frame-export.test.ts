import { describe, expect, it } from 'vitest';
import { EXPORT_LIMITS, exportScale } from '../../core/frame-export';

describe('exportScale (frame to image)', () => {
  it('exports the frame at the request width when it fits', () => {
    expect(exportScale({ width: 400, height: 600 }, { width: 400, height: 600 }, 1024)).toEqual({ scale: 2.56, width: 1024, height: 1536 });
  });

  it('exports smaller and says so when the rendered export would pass the longest edge', () => {
    const s = exportScale({ width: 1000, height: 1000 }, { width: 1000, height: 2000 }, 2048);
    expect(s.scale * 2000).toBeLessThanOrEqual(EXPORT_LIMITS.maxEdge);
    expect([s.width, s.height]).toEqual([1920, 1920]);
    expect(s.note).toMatch(/^The frame was exported at 1920×1920 instead of 2048×2048: an input image may be at most 3840 px a side/);
  });

  it('keeps the pixel count within the limit too', () => {
    const s = exportScale({ width: 3000, height: 3000 }, { width: 3000, height: 3000 }, 3840);
    expect(s.width * s.height).toBeLessThanOrEqual(EXPORT_LIMITS.maxPixels);
    expect(s.note).toMatch(/million pixels/);
  });
});
