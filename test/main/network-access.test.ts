/**
 * The manifest's networkAccess as Figma applies it (CSP source matching), the build's --backend origin, and the
 * Backend URLs Settings refuses because Figma would block them.
 */
import { describe, expect, it } from 'vitest';
import { backendOrigin, DEV_BACKEND_URL, manifestFor, networkOf } from '../../build.mjs';
import { cspSources, networkAllows, type NetworkAccess } from '../../core/network-access';
import { backendUrlProblem } from '../../ui/network';
import { DEFAULT_SETTINGS } from '../../contract/messages';

const dev: NetworkAccess = { allowedDomains: ['none'], devAllowedDomains: ['http://localhost:8787', 'http://localhost:*'] };
const team: NetworkAccess = { ...dev, allowedDomains: ['https://figment.acme.com'] };

describe('networkAccess, matched as a CSP source list', () => {
  it('allows the listed origin, its paths, and nothing else', () => {
    expect(networkAllows(team, 'https://figment.acme.com/v1/health', false)).toBe(true);
    expect(networkAllows(team, 'https://figment.acme.com:443/v1/jobs', false)).toBe(true);
    expect(networkAllows(team, 'https://figment.acme.com:8443/v1/health', false)).toBe(false);
    expect(networkAllows(team, 'http://figment.acme.com/v1/health', false)).toBe(false);
    expect(networkAllows(team, 'https://evil.acme.com/', false)).toBe(false);
    expect(networkAllows(team, 'https://api.openai.com/v1/images', false)).toBe(false);
  });

  it('development adds devAllowedDomains: localhost on any port, but never an IP address', () => {
    expect(networkAllows(team, 'http://localhost:51234/v1/health', false)).toBe(false);
    expect(networkAllows(team, 'http://localhost:51234/v1/health', true)).toBe(true);
    expect(networkAllows(team, 'http://127.0.0.1:8787/v1/health', true)).toBe(false);
    expect(networkAllows(dev, 'https://figment.acme.com/', true)).toBe(false);
  });

  it('wildcard hosts match subdomains only; path entries match their path', () => {
    const access = { allowedDomains: ['*.acme.com', 'cdn.acme.org/images/', 'acme.net/exact'] };
    expect(networkAllows(access, 'https://a.acme.com/x', false)).toBe(true);
    expect(networkAllows(access, 'https://acme.com/x', false)).toBe(false);
    expect(networkAllows(access, 'https://cdn.acme.org/images/1.png', false)).toBe(true);
    expect(networkAllows(access, 'https://cdn.acme.org/other', false)).toBe(false);
    expect(networkAllows(access, 'https://acme.net/exact', false)).toBe(true);
    expect(networkAllows(access, 'https://acme.net/exact/more', false)).toBe(false);
  });

  it('becomes the CSP connect-src sources', () => {
    expect(cspSources(team, false)).toBe('https://figment.acme.com');
    expect(cspSources(team, true)).toBe('https://figment.acme.com http://localhost:8787 http://localhost:*');
    expect(cspSources(dev, false)).toBe("'none'");
  });
});

describe('building for a team backend', () => {
  it('takes an https origin by host name, and refuses what Figma would not reach', () => {
    expect(backendOrigin('https://figment.acme.com/')).toBe('https://figment.acme.com');
    expect(backendOrigin('https://figment.acme.com:8443')).toBe('https://figment.acme.com:8443');
    expect(() => backendOrigin('http://figment.acme.com')).toThrow(/https/);
    expect(() => backendOrigin('https://10.1.2.3')).toThrow(/host name/);
    expect(() => backendOrigin('https://acme.com/figment')).toThrow(/without a path/);
    expect(() => backendOrigin('figment.acme.com')).toThrow(/not a URL/);
  });

  it('writes the origin as the one allowed domain and makes it the default Backend URL; development keeps localhost', () => {
    const manifest = { name: 'Figment', networkAccess: dev };
    const built = manifestFor(manifest, 'https://figment.acme.com');
    expect(built.networkAccess).toEqual({ ...dev, allowedDomains: ['https://figment.acme.com'] });
    expect(networkOf(built).defaultBackendUrl).toBe('https://figment.acme.com');
    expect(networkOf(manifest).defaultBackendUrl).toBe(DEV_BACKEND_URL);
    expect(DEV_BACKEND_URL).toBe('http://localhost:8787');
    // This checkout's manifest (allowedDomains "none"): the tests' build defaults to the development backend.
    expect(DEFAULT_SETTINGS.backendUrl).toBe('http://localhost:8787');
  });
});

describe('Settings refuses a Backend URL Figma would block', () => {
  it('explains what the manifest allows and how to build for another backend', () => {
    expect(backendUrlProblem('https://figment.acme.com', team)).toBeNull();
    expect(backendUrlProblem('http://localhost:8787', team)).toBeNull();
    expect(backendUrlProblem('https://figment.other.com', team)).toBe(
      "Figma would block https://figment.other.com: this plugin's manifest allows https://figment.acme.com, http://localhost:8787 (in development), http://localhost:* (in development). Build the plugin for your backend with npm run build -- --backend https://figment.other.com.",
    );
    expect(backendUrlProblem('http://127.0.0.1:8787', dev)).toMatch(/^Figma would block http:\/\/127.0.0.1:8787: this plugin's manifest allows http:\/\/localhost:8787 \(in development\)/);
  });
});
