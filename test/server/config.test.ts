import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { bearerToken, createTokenVerifier, parseAccessTokens } from '../../server/tokens';

describe('loadConfig', () => {
  it('has the documented defaults and generates a token when none is configured', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.defaultModel).toBe('gpt-image-2');
    expect(config.openaiApiKey).toBeUndefined();
    expect(config.generatedToken).toBe(true);
    expect(config.history).toBe('own');
    expect(config.accessTokens).toHaveLength(1);
    expect(config.accessTokens[0]!.token).toMatch(/^fgm_[A-Za-z0-9_-]{32}$/);
    expect(loadConfig({}).accessTokens[0]!.token).not.toBe(config.accessTokens[0]!.token);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      OPENAI_API_KEY: 'upstream-key',
      OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
      FIGMENT_ACCESS_TOKENS: 'ana:tok-a-0123456789ab, tok-b-0123456789ab',
      FIGMENT_MODEL: 'gpt-image-2.6-sunburst',
      FIGMENT_ALLOWED_MODELS: 'gpt-image-2.6-flare, gpt-image-2',
      FIGMENT_CORS_ORIGINS: 'https://a.example, https://b.example',
      FIGMENT_HISTORY: 'team',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      openaiApiKey: 'upstream-key',
      openaiBaseUrl: 'http://127.0.0.1:1/v1',
      generatedToken: false,
      defaultModel: 'gpt-image-2.6-sunburst',
      allowedModels: ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2'],
      corsOrigins: ['https://a.example', 'https://b.example'],
      history: 'team',
    });
    expect(config.accessTokens).toEqual([
      { name: 'ana', token: 'tok-a-0123456789ab' },
      { name: 'token-2', token: 'tok-b-0123456789ab' },
    ]);
  });

  it('refuses bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ FIGMENT_MODEL: 'dall-e-3' })).toThrow(/FIGMENT_MODEL/);
    expect(() => loadConfig({ FIGMENT_HISTORY: 'everyone' })).toThrow(/FIGMENT_HISTORY must be own or team/);
    // Tokens under 16 characters can be guessed, whichever way they are configured.
    expect(() => loadConfig({ FIGMENT_ACCESS_TOKENS: 'a' })).toThrow(/at least 16 characters/);
    expect(() => loadConfig({ FIGMENT_ACCESS_TOKENS: 'ana:short-token' })).toThrow(/"ana"/);
  });
});

describe('access tokens', () => {
  it('parses names and skips empty entries', () => {
    expect(parseAccessTokens(' , design:abc,,xyz ')).toEqual([
      { name: 'design', token: 'abc' },
      { name: 'token-2', token: 'xyz' },
    ]);
  });

  it('verifies by value and returns the owner', () => {
    const verify = createTokenVerifier([
      { name: 'a', token: 'alpha' },
      { name: 'b', token: 'beta' },
    ]);
    expect(verify('beta')?.name).toBe('b');
    expect(verify('alph')).toBeUndefined();
    expect(verify('')).toBeUndefined();
  });

  it('reads only well-formed bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
