/** FIGMENT_DATABASE_URL and FIGMENT_INSTANCE_LEASE_MS as the configuration reads them (no database needed). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

const base = { FIGMENT_ACCESS_TOKENS: 'ana:test-access-token-ana' };

describe('database configuration', () => {
  it('keeps the disk store and memory counters without FIGMENT_DATABASE_URL', () => {
    expect(loadConfig(base)).toMatchObject({ databaseUrl: undefined, instanceLeaseMs: 15_000 });
  });

  it('takes a postgres:// or postgresql:// URL and a lease', () => {
    const url = 'postgres://figment:secret@db.internal:5432/figment';
    expect(loadConfig({ ...base, FIGMENT_DATABASE_URL: ` ${url} `, FIGMENT_INSTANCE_LEASE_MS: '1000' })).toMatchObject({ databaseUrl: url, instanceLeaseMs: 1000 });
    expect(loadConfig({ ...base, FIGMENT_DATABASE_URL: 'postgresql://db/figment' }).databaseUrl).toBe('postgresql://db/figment');
  });

  it('refuses any other URL without repeating it (it may hold a password)', () => {
    const load = () => loadConfig({ ...base, FIGMENT_DATABASE_URL: 'mysql://figment:secret@db/figment' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/FIGMENT_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(load).not.toThrow(/secret/);
  });

  it('refuses a lease too short to renew', () => {
    expect(() => loadConfig({ ...base, FIGMENT_INSTANCE_LEASE_MS: '50' })).toThrow(/FIGMENT_INSTANCE_LEASE_MS must be an integer of at least 300/);
  });
});
