/** What a conversation turn (Responses API) carries for moderation, and what its image tool reports as usage. */
import type { ImageUsage } from '../../contract/api';
import type { ModerationInput } from '../moderation';
import type { ValidResponses } from '../validation/responses';

const DATA_URL = /^data:(image\/(?:png|jpeg|webp));base64,(.*)$/s;

function decoded(url: string): { bytes: Uint8Array; type: string } | undefined {
  const match = DATA_URL.exec(url);
  return match ? { type: match[1]!, bytes: Buffer.from(match[2]!, 'base64') } : undefined;
}

/** Every text the turn carries (instructions and input) and, when images are moderated, its images and mask. */
export function conversationModeration(valid: ValidResponses, withImages: boolean): ModerationInput {
  const { body } = valid;
  const text = [body.instructions, valid.text].filter((t): t is string => typeof t === 'string' && t.length > 0).join('\n');
  if (!withImages) return { text };
  const urls: string[] = [];
  if (typeof body.input !== 'string') {
    for (const message of body.input) {
      if (typeof message.content === 'string') continue;
      for (const part of message.content) if (part.type === 'input_image') urls.push(part.image_url);
    }
  }
  const mask = body.tools[0].input_image_mask?.image_url;
  if (mask) urls.push(mask);
  const images = urls.map(decoded).filter((i): i is NonNullable<typeof i> => i !== undefined);
  return { text, images };
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/**
 * The image tool's usage on a completed response (`tool_usage.image_gen`, as OpenAI reports it beside the
 * mainline model's `usage`; research notes §4.1), in the Images API's usage shape; undefined when absent.
 */
export function toolUsageOf(response: unknown): ImageUsage | undefined {
  const raw = (response as { tool_usage?: { image_gen?: Record<string, unknown> } } | null)?.tool_usage?.image_gen;
  if (!raw || typeof raw !== 'object') return undefined;
  const details = (raw.input_tokens_details ?? {}) as Record<string, unknown>;
  const input = count(raw.input_tokens);
  const output = count(raw.output_tokens);
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: count(raw.total_tokens) || input + output,
    input_tokens_details: { text_tokens: count(details.text_tokens), image_tokens: count(details.image_tokens) },
  };
}
