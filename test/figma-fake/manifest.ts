/**
 * Figma's plugin manifest, checked field by field as Figma checks it when a plugin is imported or published.
 * Reference: developers.figma.com/docs/plugins/manifest (every field below), the typings' `setRelaunchData` doc
 * (relaunchButtons: `{"command": "edit", "name": "Edit shape"}`), and developers.figma.com/docs/plugins/
 * making-network-requests (networkAccess). Figma refuses a manifest with an unknown or mistyped field; so does this.
 * No Node APIs: the fake and the host emulator use it too.
 */
import { isIpAddress, parseEntry, type NetworkAccess } from '../../core/network-access';

export interface ManifestRelaunchButton {
  command: string;
  name: string;
  multipleSelection?: boolean;
}

export interface PluginManifest {
  name: string;
  id: string;
  api: string;
  main: string;
  ui?: string | Record<string, string>;
  editorType?: string[];
  documentAccess?: 'dynamic-page';
  networkAccess?: NetworkAccess;
  parameters?: Array<{ name: string; key: string; description?: string; allowFreeform?: boolean; optional?: boolean }>;
  parameterOnly?: boolean;
  relaunchButtons?: ManifestRelaunchButton[];
  menu?: unknown[];
  [field: string]: unknown;
}

type Check = (value: unknown, at: string, problems: string[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v, at, p) => void (typeof v !== 'string' || v.trim() === '' ? p.push(`${at} must be a non-empty string`) : undefined);
const bool: Check = (v, at, p) => void (typeof v !== 'boolean' ? p.push(`${at} must be true or false`) : undefined);
const oneOf = (values: readonly string[]): Check => (v, at, p) => void (typeof v !== 'string' || !values.includes(v) ? p.push(`${at} must be one of ${values.join(', ')}`) : undefined);
const listOf = (item: Check, nonEmpty = false): Check => (v, at, p) => {
  if (!Array.isArray(v)) return void p.push(`${at} must be an array`);
  if (nonEmpty && v.length === 0) p.push(`${at} must not be empty`);
  v.forEach((x, i) => item(x, `${at}[${i}]`, p));
};
/** An object with exactly these fields (`?` marks the optional ones); any other field is an error. */
const shape = (fields: Record<string, Check>): Check => (v, at, p) => {
  if (!isObject(v)) return void p.push(`${at} must be an object`);
  for (const key of Object.keys(v)) if (!(key in fields) && !(`${key}?` in fields)) p.push(`${at}.${key} is not a manifest field`);
  for (const [field, check] of Object.entries(fields)) {
    const key = field.replace(/\?$/, '');
    if (v[key] === undefined) {
      if (!field.endsWith('?')) p.push(`${at}.${key} is required`);
    } else check(v[key], `${at}.${key}`, p);
  }
};

// editorType values, and the combination the docs say is not supported.
const EDITOR_TYPES = ['figma', 'figjam', 'dev', 'slides', 'buzz'];
const PERMISSIONS = ['currentuser', 'activeusers', 'fileusers', 'payments', 'teamlibrary'];
const CAPABILITIES = ['textreview', 'codegen', 'inspect', 'vscode'];

/** A domain list entry: a CSP source Figma accepts; `none` and `*` only alone. */
const domains = (dev: boolean): Check => (v, at, p) => {
  listOf(str, !dev)(v, at, p);
  if (!Array.isArray(v)) return;
  const list = v.filter((d): d is string => typeof d === 'string');
  if (list.length > 1 && (list.includes('none') || list.includes('*'))) p.push(`${at}: "none" and "*" must stand alone`);
  list.forEach((d, i) => {
    if (d === 'none' || d === '*') return;
    const entry = parseEntry(d);
    if (!entry) return void p.push(`${at}[${i}] "${d}" is not a domain Figma accepts (scheme http, https, ws or wss; host; optional port and path)`);
    // Figma takes host names, not IP addresses (a loopback server is reached as localhost, in devAllowedDomains).
    if (isIpAddress(entry.host)) p.push(`${at}[${i}] "${d}": use a host name, not an IP address`);
    // A port wildcard is only for development servers on localhost.
    if (entry.port === '*' && !(dev && entry.host === 'localhost')) p.push(`${at}[${i}] "${d}": a port wildcard is for localhost in devAllowedDomains only`);
    if (entry.host.includes('*', 2)) p.push(`${at}[${i}] "${d}": a wildcard may only start the host (*.example.com)`);
  });
};

const networkAccess: Check = (v, at, p) => {
  shape({ allowedDomains: domains(false), 'reasoning?': str, 'devAllowedDomains?': domains(true) })(v, at, p);
  if (!isObject(v) || !Array.isArray(v.allowedDomains)) return;
  // The reasoning is shown to reviewers and users; it is required when the plugin asks for broad access.
  const broad = v.allowedDomains.some((d) => typeof d === 'string' && d.includes('*'));
  if (broad && typeof v.reasoning !== 'string') p.push(`${at}.reasoning is required when allowedDomains uses a wildcard`);
};

const parameter = shape({ name: str, key: str, 'description?': str, 'allowFreeform?': bool, 'optional?': bool });
const relaunchButton = shape({ command: str, name: str, 'multipleSelection?': bool });
const menuItem: Check = (v, at, p) => {
  if (isObject(v) && 'separator' in v) return shape({ separator: (x, a, q) => void (x !== true ? q.push(`${a} must be true`) : undefined) })(v, at, p);
  if (isObject(v) && 'menu' in v) return shape({ name: str, menu: listOf(menuItem, true) })(v, at, p);
  shape({ name: str, command: str, 'parameters?': listOf(parameter, true), 'parameterOnly?': bool })(v, at, p);
};

const MANIFEST = shape({
  name: str,
  id: str,
  api: (v, at, p) => void (typeof v !== 'string' || !/^\d+\.\d+\.\d+$/.test(v) ? p.push(`${at} must be an API version like "1.0.0"`) : undefined),
  main: str,
  'ui?': (v, at, p) => (isObject(v) ? Object.entries(v).forEach(([k, x]) => str(x, `${at}.${k}`, p)) : str(v, at, p)),
  'editorType?': listOf(oneOf(EDITOR_TYPES), true),
  'documentAccess?': oneOf(['dynamic-page']),
  'networkAccess?': networkAccess,
  'parameters?': listOf(parameter, true),
  'parameterOnly?': bool,
  'menu?': listOf(menuItem, true),
  'relaunchButtons?': listOf(relaunchButton, true),
  'enableProposedApi?': bool,
  'enablePrivatePluginApi?': bool,
  'build?': str,
  'permissions?': listOf(oneOf(PERMISSIONS)),
  'capabilities?': listOf(oneOf(CAPABILITIES)),
  'codegenLanguages?': listOf(shape({ label: str, value: str })),
  'codegenPreferences?': listOf((v, at, p) => void (!isObject(v) ? p.push(`${at} must be an object`) : undefined)),
});

/** The menu's commands (not separators or submenus), with where each is, through every submenu. */
function menuCommands(menu: unknown, at = 'manifest.menu'): Array<[string, Record<string, unknown>]> {
  if (!Array.isArray(menu)) return [];
  return menu.flatMap((item, i): Array<[string, Record<string, unknown>]> => {
    if (!isObject(item) || 'separator' in item) return [];
    if ('menu' in item) return menuCommands(item.menu, `${at}[${i}].menu`);
    return [[`${at}[${i}]`, item]];
  });
}

/** Every problem Figma would report for this manifest (empty when it is valid). */
export function manifestProblems(value: unknown): string[] {
  const problems: string[] = [];
  MANIFEST(value, 'manifest', problems);
  if (!isObject(value)) return problems;
  const editors = Array.isArray(value.editorType) ? value.editorType : [];
  if (editors.includes('figjam') && editors.includes('dev')) problems.push('manifest.editorType: "figjam" and "dev" together are not supported');
  const keys = Array.isArray(value.parameters) ? value.parameters.map((x) => (isObject(x) ? x.key : undefined)) : [];
  if (new Set(keys).size !== keys.length) problems.push('manifest.parameters: keys must be unique');
  if (value.parameterOnly !== undefined && value.parameters === undefined) problems.push('manifest.parameterOnly needs parameters');
  // developers.figma.com/docs/plugins/plugin-parameters: "either define a single list of parameters on the manifest
  // root, or ... multiple submenu items, each with its own unique parameter list".
  if (value.parameters !== undefined && value.menu !== undefined) problems.push('manifest: parameters go either on the root or on menu commands, not both');
  const items = menuCommands(value.menu);
  for (const [at, item] of items) {
    const keys = Array.isArray(item.parameters) ? item.parameters.map((x) => (isObject(x) ? x.key : undefined)) : [];
    if (new Set(keys).size !== keys.length) problems.push(`${at}.parameters: keys must be unique`);
    if (item.parameterOnly !== undefined && item.parameters === undefined) problems.push(`${at}.parameterOnly needs parameters`);
  }
  // Typings, figma.command: "the currently executing command ... the command string in the ManifestMenuItem": two
  // items with one command could not be told apart.
  const menuNames = items.map(([, item]) => item.command);
  if (new Set(menuNames).size !== menuNames.length) problems.push('manifest.menu: commands must be unique');
  const commands = Array.isArray(value.relaunchButtons) ? value.relaunchButtons.map((b) => (isObject(b) ? b.command : undefined)) : [];
  if (new Set(commands).size !== commands.length) problems.push('manifest.relaunchButtons: commands must be unique');
  return problems;
}

/** The manifest, or an error listing what Figma would refuse. */
export function parseManifest(value: unknown): PluginManifest {
  const problems = manifestProblems(value);
  if (problems.length > 0) throw new Error(`Invalid manifest:\n${problems.join('\n')}`);
  return value as PluginManifest;
}
