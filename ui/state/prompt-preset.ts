/**
 * A saved prompt from what the panel holds now, and what using one sets again: the prompt, the design toggles and
 * style lock, the model and every selected target's quality.
 */
import type { Target } from '../../contract/messages';
import type { ConcreteQuality } from '../../contract/api';
import type { SavedPrompt } from '../../core/library';
import type { DesignState } from './design-state';
import type { QualityOverrides } from '../run/plan';

/** The quality every selected target has now, if they share one override; null when it is Figment's policy. */
export function sharedQuality(overrides: QualityOverrides, targets: readonly Pick<Target, 'id'>[]): ConcreteQuality | null {
  const set = new Set(targets.map((t) => overrides.get(t.id) ?? null));
  return set.size === 1 ? [...set][0]! : null;
}

export interface PresetSources {
  prompt: string;
  design: Pick<DesignState, 'options'>;
  model: string;
  overrides: QualityOverrides;
  targets: readonly Pick<Target, 'id'>[];
  now?: Date;
}

export function presetFrom(name: string, s: PresetSources): SavedPrompt {
  const { style, transparent, useLayerNames, useFrameText } = s.design.options;
  return {
    name: name.trim(),
    prompt: s.prompt.trim(),
    style,
    model: s.model,
    quality: sharedQuality(s.overrides, s.targets),
    transparent,
    useLayerNames,
    useFrameText,
    savedAt: (s.now ?? new Date()).toISOString(),
  };
}

export interface PresetTargets {
  design: Pick<DesignState, 'saveStyle' | 'setTransparent' | 'setUseLayerNames' | 'setUseFrameText'>;
  /** Chooses the model; a model this backend cannot serve falls back to the team's default (model-choice.ts). */
  chooseModel(id: string): void;
  setQuality(targetId: string, quality: ConcreteQuality | null): void;
  targets: readonly Pick<Target, 'id'>[];
  /** Puts the prompt in the box in place of what was there. */
  setPrompt(text: string): void;
}

export function applyPreset(entry: SavedPrompt, to: PresetTargets): void {
  to.design.saveStyle(entry.style);
  to.design.setTransparent(entry.transparent);
  to.design.setUseLayerNames(entry.useLayerNames);
  to.design.setUseFrameText(entry.useFrameText);
  applyRequestFields(entry, to);
}

/**
 * The request part of a preset: the model, every selected target's quality (null: Figment's policy) and the prompt,
 * last so the box takes the focus with everything set. Recent's "Use this prompt again" sets only these.
 */
export function applyRequestFields(fields: Pick<SavedPrompt, 'prompt' | 'model' | 'quality'>, to: Omit<PresetTargets, 'design'>): void {
  to.chooseModel(fields.model);
  for (const t of to.targets) to.setQuality(t.id, fields.quality);
  to.setPrompt(fields.prompt);
}
