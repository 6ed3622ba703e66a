/**
 * Section 6: what the default size-and-quality policy spends on a reference set of 30 mockup frames, against
 * always asking 1536x1024 at high quality, from the published token table (core/cost.ts).
 */
import { readFileSync } from 'node:fs';
import { estimateCost } from '../core/cost';
import { DEFAULT_MODEL } from '../core/models';
import { defaultQualityFor, parseSize, requestSizeFor } from '../core/sizing';
import type { Section } from './report';

interface Frame {
  name: string;
  width: number;
  height: number;
}

export function costPolicySection(framesPath: string): Section {
  const { frames } = JSON.parse(readFileSync(framesPath, 'utf8')) as { frames: Frame[] };
  const model = DEFAULT_MODEL;
  let policyUsd = 0;
  let policyTokens = 0;
  let baselineUsd = 0;
  let baselineTokens = 0;
  const perFrame = frames.map((f) => {
    const quality = defaultQualityFor(f.width, f.height);
    const size = requestSizeFor(model, f.width, f.height, quality);
    const policy = estimateCost({ model, size, quality });
    const baseline = estimateCost({ model, size: '1536x1024', quality: 'high' });
    policyUsd += policy.usd;
    policyTokens += policy.outputTokens;
    baselineUsd += baseline.usd;
    baselineTokens += baseline.outputTokens;
    const { width, height } = parseSize(size)!;
    // Pixel density: image pixels per frame pixel along each axis (the smaller of the two).
    const density = Math.min(width / f.width, height / f.height);
    const baselineDensity = Math.min(1536 / f.width, 1024 / f.height);
    return { ...f, quality, size, usd: policy.usd, tokens: policy.outputTokens, density, baselineDensity };
  });
  const saving = 1 - policyUsd / baselineUsd;
  const allAtLeast1x = perFrame.every((f) => f.density >= 1 - 1e-9 || f.width / f.height > 3 || f.height / f.width > 3);
  const at2x = perFrame.filter((f) => f.density >= 2 - 1e-9).length;
  const minDensity = Math.min(...perFrame.map((f) => f.density));
  const below1x = perFrame.filter((f) => f.density < 1 - 1e-9).map((f) => `${f.name} ${f.width}x${f.height} → ${f.size} (${f.density.toFixed(2)}x)`);
  return {
    id: 6,
    title: 'Cost policy (30 reference frames, gpt-image-2)',
    rows: [
      { measure: 'default policy', value: `$${policyUsd.toFixed(3)} (${policyTokens.toLocaleString('en-US')} output tokens)`, goal: '', met: null },
      { measure: 'always 1536x1024 high', value: `$${baselineUsd.toFixed(3)} (${baselineTokens.toLocaleString('en-US')} output tokens)`, goal: '', met: null },
      { measure: 'saving', value: `${(saving * 100).toFixed(1)}%`, goal: '≥ 50% cheaper', met: saving >= 0.5 },
      {
        measure: 'pixel density delivered',
        value: `min ${minDensity.toFixed(2)}x; ${at2x}/${frames.length} frames at ≥ 2x`,
        goal: 'every frame ≥ 1x (2x where the model allows)',
        met: allAtLeast1x,
      },
    ],
    data: { policyUsd, baselineUsd, policyTokens, baselineTokens, saving, perFrame },
    notes: below1x.length
      ? [`Frames below 1x are those wider than 3:1, which the model cannot produce: ${below1x.join('; ')}`]
      : [`2x is capped at 2560x1440-class pixel counts (OpenAI calls larger outputs experimental); frames larger than that get ≥ 1x.`],
  };
}
