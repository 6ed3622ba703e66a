/**
 * Which model the next request uses: the backend's allowed models with their capabilities (`/v1/config`), the
 * designer's choice (kept with the settings in clientStorage; '' follows the team's pairing: a fast model for
 * drafts and variations, a precise one for edits), and 2.6's complexity for the next request.
 */
import { useState } from 'preact/hooks';
import type { BackendConfig, Complexity } from '../../contract/api';
import type { StoredSettings } from '../../contract/messages';
import { DEFAULT_MODEL, findModel, type ModelInfo } from '../../core/models';
import type { BackendClient } from '../api/client';
import { unavailableModels, useBackendConfig } from './backend-config';

export interface ModelPair {
  /** Fresh generations and variations. */
  draft: ModelInfo;
  /** Edits of a frame's image. */
  edit: ModelInfo;
}

const fallback = (): ModelInfo => findModel(DEFAULT_MODEL)!;

/** The models a choice means: the chosen one for both when it is allowed, else the team's pairing. */
export function modelsFor(config: Pick<BackendConfig, 'models' | 'draftModel' | 'editModel'> | null, choice: string, defaultModel = DEFAULT_MODEL): ModelPair {
  const models = Array.isArray(config?.models) ? config.models : [];
  const byId = (id: string) => models.find((m) => m.id === id);
  const chosen = choice ? byId(choice) : undefined;
  if (chosen) return { draft: chosen, edit: chosen };
  const base = byId(defaultModel) ?? models[0] ?? findModel(defaultModel) ?? fallback();
  return { draft: (config && byId(config.draftModel)) || base, edit: (config && byId(config.editModel)) || base };
}

/** The team default's option text: one model, or the pairing. */
export function teamDefaultLabel({ draft, edit }: ModelPair): string {
  return draft.id === edit.id ? `Team default (${draft.label})` : `Team default (${draft.label} for drafts, ${edit.label} for edits)`;
}

/** A complexity kept only while the model takes it. */
export const complexityFor = (model: ModelInfo, complexity: Complexity | null): Complexity | undefined =>
  complexity && model.complexities.includes(complexity) ? complexity : undefined;

/** `client` is null until the backend answered its health check; the config is asked for then, once per client. */
export function useModelChoice(client: BackendClient | null, settings: StoredSettings | null, defaultModel: string, save: (next: StoredSettings) => void) {
  const config = useBackendConfig(client);
  const [complexity, setComplexity] = useState<Complexity | null>(null);
  const unavailable = unavailableModels(config);
  // A remembered model this backend cannot serve follows the team's pairing instead.
  const choice = settings?.model && !unavailable[settings.model] ? settings.model : '';
  const pair = modelsFor(config, choice, defaultModel);
  const choose = (id: string) => settings && save({ ...settings, model: id });
  // Azure OpenAI cannot stream the Responses image tool: the conversation engine is off there, with the reason.
  const conversationUnavailable = config?.capabilities?.conversationUnavailable;
  // The token's name and whose jobs Recent lists, for its Mine filter (both absent from older backends).
  const tokenName = config?.tokenName;
  const history = config?.history;
  // A backend without a text model cannot translate: Localise is greyed with the reason.
  const translationsUnavailable = config?.capabilities?.translationsUnavailable;
  return { models: Array.isArray(config?.models) ? config.models : [], unavailable, conversationUnavailable, translationsUnavailable, choice, choose, pair, complexity, setComplexity, tokenName, history };
}

export type ModelChoice = ReturnType<typeof useModelChoice>;
