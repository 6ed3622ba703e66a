/** What we know about each model: retirement warnings. */
import { describe, expect, it } from 'vitest';
import { retirementNotice } from '../../core/models';

describe('retirementNotice', () => {
  it('warns ahead of a shutdown, says when it has happened, and is quiet otherwise', () => {
    expect(retirementNotice('gpt-image-1.5', '2026-11-25')).toBe(
      'gpt-image-1.5 shuts down on 2026-12-01 (in 6 days): move to gpt-image-2 (FIGMENT_MODEL / FIGMENT_ALLOWED_MODELS).',
    );
    expect(retirementNotice('gpt-image-1-mini', '2026-11-30')).toMatch(/in 1 day\)/);
    expect(retirementNotice('gpt-image-1.5', '2026-12-02')).toMatch(/^gpt-image-1\.5 was shut down by OpenAI on 2026-12-01; requests for it will fail/);
    expect(retirementNotice('gpt-image-1.5', '2026-08-01')).toBeNull();
    expect(retirementNotice('gpt-image-2', '2026-11-25')).toBeNull();
    expect(retirementNotice('no-such-model', '2026-11-25')).toBeNull();
  });
});
