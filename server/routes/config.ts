/** `GET /v1/config`: the models, sizes, qualities and limits this token may use, and its remaining budget. */
import { Hono } from 'hono';
import type { BackendConfig } from '../../contract/api';
import { findModel } from '../../core/models';
import type { Config } from '../config';
import type { AppEnv } from '../http/middleware';
import type { TokenLimits, UsageLimits } from '../limits';
import type { ImageProvider } from '../providers/types';
import { MAX_IMAGES_PER_REQUEST, MAX_PROMPT_CHARS } from '../validation/generation';

export interface ConfigRouteDeps {
  config: Config;
  provider: ImageProvider;
  limits: UsageLimits;
  limitsFor(token: string): TokenLimits;
  moderationActive: boolean;
}

export function configRoutes({ config, provider, limits, limitsFor, moderationActive }: ConfigRouteDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const token = c.var.tokenName;
    const mine = limitsFor(token);
    const body: BackendConfig = {
      provider: provider.kind,
      defaultModel: config.defaultModel,
      draftModel: config.draftModel,
      editModel: config.editModel,
      models: config.allowedModels.flatMap((id) => {
        const m = findModel(id, config.catalogue);
        // A dated snapshot is listed under its own id with its family's capabilities.
        return m ? [{ ...m, id }] : [];
      }),
      limits: {
        requestsPerMinute: mine.requestsPerMinute,
        imagesPerDay: mine.imagesPerDay,
        spendPerDayUsd: mine.spendPerDayUsd ?? null,
        spendPerMonthUsd: mine.spendPerMonthUsd ?? null,
        maxImagesPerRequest: MAX_IMAGES_PER_REQUEST,
        maxPromptChars: MAX_PROMPT_CHARS,
      },
      remaining: await limits.remaining(token),
      moderation: moderationActive ? config.moderation : 'off',
      ...(provider.capabilities ? { capabilities: provider.capabilities } : {}),
      tokenName: token,
      history: config.history,
    };
    return c.json(body);
  });
}
