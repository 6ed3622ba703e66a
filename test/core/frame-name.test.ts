/** Issue 19: a new frame is named from the prompt's subject in a few words, and sized to the zoom in view. */
import { describe, expect, it } from 'vitest';
import { frameEdgeForZoom, frameNameFromPrompt } from '../../core/frame-name';

describe('frameNameFromPrompt', () => {
  it('takes the subject in a few words, not the sentence', () => {
    expect(frameNameFromPrompt('Rainy Tokyo street at night, neon reflections')).toBe('Rainy Tokyo street');
    expect(frameNameFromPrompt('An isometric city block')).toBe('Isometric city block');
    expect(frameNameFromPrompt('A wide hero photograph of a red bicycle in Amsterdam')).toBe('Red bicycle');
    expect(frameNameFromPrompt('A flat vector-style illustration of a paper plane')).toBe('Paper plane');
    expect(frameNameFromPrompt('one two three four five six')).toBe('One two three four');
    expect(frameNameFromPrompt('  ')).toBe('Figment image');
  });
});

describe('frameEdgeForZoom', () => {
  it('keeps a new frame about as large on screen at any zoom, within bounds', () => {
    expect([0.25, 1, 2, 0.01, 100, 0, Number.NaN].map(frameEdgeForZoom)).toEqual([2048, 512, 256, 4096, 64, 512, 512]);
  });
});
