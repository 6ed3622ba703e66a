/**
 * The manifest's `networkAccess` domains, read as Figma reads them (developers.figma.com/docs/plugins/manifest,
 * "networkAccess"; developers.figma.com/docs/plugins/making-network-requests): each entry is a CSP source
 * expression (Figma turns the list into the plugin iframe's Content-Security-Policy and blocks any other request
 * with a CSP error). Pure: the build, the UI's Settings check, the manifest test and the host emulator's CSP all
 * use these functions.
 */

/** A backend URL as Figment stores and calls it: trimmed, without trailing slashes (routes are appended to it). */
export const normalizeBackendUrl = (url: string): string => url.trim().replace(/\/+$/, '');

/** `networkAccess` as the manifest documents it. */
export interface NetworkAccess {
  allowedDomains: string[];
  reasoning?: string;
  devAllowedDomains?: string[];
}

/** One domain entry: `[scheme://]host[:port][/path]`, where host may start with `*.` and port may be `*`. */
export interface DomainEntry {
  scheme: string | null;
  host: string;
  port: string | null;
  path: string;
}

/** Schemes an entry may name (the docs' examples: https, http, ws, wss). */
export const ENTRY_SCHEMES = ['http', 'https', 'ws', 'wss'] as const;

const ENTRY = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}|\*))?(\/[^\s;,]*)?$/i;

/** Parses an entry; null when it is not a source expression Figma accepts. */
export function parseEntry(entry: string): DomainEntry | null {
  const m = ENTRY.exec(entry.trim());
  if (!m) return null;
  const scheme = m[1]?.toLowerCase() ?? null;
  if (scheme !== null && !(ENTRY_SCHEMES as readonly string[]).includes(scheme)) return null;
  const port = m[3] ?? null;
  if (port !== null && port !== '*' && (Number(port) < 1 || Number(port) > 65535)) return null;
  return { scheme, host: m[2]!.toLowerCase(), port, path: m[4] ?? '' };
}

export const isIpAddress = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

/** The parts of an absolute URL that CSP matching reads (no WHATWG URL here: core/ runs where it is absent too). */
export interface UrlParts {
  scheme: string;
  host: string;
  port: string;
  path: string;
}

export function urlParts(url: string): UrlParts | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?([^?#]*)/i.exec(url.trim());
  if (!m) return null;
  return { scheme: m[1]!.toLowerCase(), host: m[2]!.toLowerCase(), port: m[3] ?? '', path: m[4] || '/' };
}

const defaultPort = (scheme: string) => (scheme === 'https' || scheme === 'wss' ? '443' : '80');

/**
 * Whether a request to `url` is allowed by `entry`, as CSP source matching does (CSP3 "Does url match expression"):
 * scheme (an http(s) entry also allows its secure upgrade), host (`*.x` matches subdomains of x only), port (the
 * scheme's default when absent) and path (a trailing `/` allows everything below it).
 */
export function entryAllows(entry: DomainEntry, url: UrlParts): boolean {
  const scheme = url.scheme;
  if (entry.host === '*') return entry.scheme === null || entry.scheme === scheme;
  if (entry.scheme !== null && entry.scheme !== scheme && !(entry.scheme === 'http' && scheme === 'https') && !(entry.scheme === 'ws' && scheme === 'wss')) return false;
  if (entry.scheme === null && !['http', 'https'].includes(scheme)) return false;
  const host = url.host;
  if (entry.host.startsWith('*.')) {
    if (!host.endsWith(entry.host.slice(1))) return false;
  } else if (host !== entry.host) return false;
  const port = url.port || defaultPort(scheme);
  if (entry.port !== '*' && port !== (entry.port ?? defaultPort(entry.scheme ?? scheme))) return false;
  if (!entry.path) return true;
  return entry.path.endsWith('/') ? url.path.startsWith(entry.path) : url.path === entry.path;
}

/** The entries in force: allowedDomains, plus devAllowedDomains while the plugin runs in development. */
export function entriesInForce(access: NetworkAccess, development: boolean): string[] {
  return [...access.allowedDomains, ...(development ? (access.devAllowedDomains ?? []) : [])].filter((d) => d !== 'none');
}

/** Whether the plugin UI may fetch `url` under `access`. */
export function networkAllows(access: NetworkAccess, url: string, development: boolean): boolean {
  const parsed = urlParts(url);
  if (!parsed) return false;
  return entriesInForce(access, development).some((d) => {
    const entry = parseEntry(d);
    return entry !== null && entryAllows(entry, parsed);
  });
}

/** The CSP `connect-src` sources for `access` ('none' when nothing is allowed). */
export function cspSources(access: NetworkAccess, development: boolean): string {
  const entries = entriesInForce(access, development);
  return entries.length === 0 ? "'none'" : entries.join(' ');
}
