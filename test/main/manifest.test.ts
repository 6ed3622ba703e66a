/**
 * manifest.json against Figma's documented manifest (developers.figma.com/docs/plugins/manifest): a wrong field
 * name, type or value, or a networkAccess entry Figma would refuse, fails `npm test` here instead of at import.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestProblems } from '../figma-fake/manifest';
import { RELAUNCH } from '../../src/thread';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const valid = { name: 'P', id: '1', api: '1.0.0', main: 'code.js' };
const withNetwork = (networkAccess: unknown) => manifestProblems({ ...valid, networkAccess });

describe('manifest.json', () => {
  it('has only fields Figma documents, each of the documented type and value', () => {
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it('declares the relaunch buttons the plugin sets, under their documented field `name`', () => {
    const buttons = manifest.relaunchButtons as Array<{ command: string; name: string }>;
    expect(Object.keys(RELAUNCH)).toEqual(['refine', 'regenerate', 'variations']);
    expect(buttons.map((b) => b.command)).toEqual(Object.keys(RELAUNCH));
  });
});

describe('the manifest check refuses what Figma refuses', () => {
  it('a relaunch button with `title` instead of `name`', () => {
    expect(manifestProblems({ ...valid, relaunchButtons: [{ command: 'refine', title: 'Refine image' }] })).toEqual([
      'manifest.relaunchButtons[0].title is not a manifest field',
      'manifest.relaunchButtons[0].name is required',
    ]);
  });

  it('unknown fields, missing required ones, wrong types and values', () => {
    expect(manifestProblems({ name: 'P', api: '1', main: 'code.js', editorType: ['sketch'], documentAccess: 'all', parameterOnly: 'no', colour: 'red' })).toEqual([
      'manifest.colour is not a manifest field',
      'manifest.id is required',
      'manifest.api must be an API version like "1.0.0"',
      'manifest.editorType[0] must be one of figma, figjam, dev, slides, buzz',
      'manifest.documentAccess must be one of dynamic-page',
      'manifest.parameterOnly must be true or false',
      'manifest.parameterOnly needs parameters',
    ]);
    expect(manifestProblems({ ...valid, editorType: ['figjam', 'dev'] })).toEqual(['manifest.editorType: "figjam" and "dev" together are not supported']);
    expect(manifestProblems({ ...valid, parameters: [{ name: 'A', key: 'k' }, { name: 'B', key: 'k', allowFreeform: 1 }] })).toEqual([
      'manifest.parameters[1].allowFreeform must be true or false',
      'manifest.parameters: keys must be unique',
    ]);
  });

  it('menu: parameters on the root or on commands, never both; each command once; separators and submenus', () => {
    const prompt = { name: 'Prompt', key: 'prompt', allowFreeform: true };
    const menu = [{ name: 'Open', command: 'open' }, { separator: true }, { name: 'More', menu: [{ name: 'Generate', command: 'generate', parameters: [prompt] }] }];
    expect(manifestProblems({ ...valid, menu })).toEqual([]);
    expect(manifestProblems({ ...valid, menu, parameters: [prompt] })).toEqual(['manifest: parameters go either on the root or on menu commands, not both']);
    expect(manifestProblems({ ...valid, menu: [...menu, { name: 'Again', command: 'open' }] })).toEqual(['manifest.menu: commands must be unique']);
    expect(manifestProblems({ ...valid, menu: [{ name: 'Go', command: 'go', parameterOnly: true }, { separator: false }] })).toEqual([
      'manifest.menu[1].separator must be true',
      'manifest.menu[0].parameterOnly needs parameters',
    ]);
    expect(manifestProblems({ ...valid, menu: [{ name: 'Go', command: 'go', parameters: [prompt, prompt] }] })).toEqual(['manifest.menu[0].parameters: keys must be unique']);
  });

  it('networkAccess: schemes, IP addresses, ports, wildcards, and the reasoning broad access needs', () => {
    expect(withNetwork({ allowedDomains: ['https://figment.acme.com', '*.acme.com', 'acme.com/api/', 'wss://socket.acme.com:8443'], reasoning: 'why' })).toEqual([]);
    expect(withNetwork({ allowedDomains: ['none'], devAllowedDomains: ['http://localhost:8787', 'http://localhost:*'] })).toEqual([]);
    expect(withNetwork({ allowedDomains: [] })).toEqual(['manifest.networkAccess.allowedDomains must not be empty']);
    expect(withNetwork({ devAllowedDomains: [] })).toEqual(['manifest.networkAccess.allowedDomains is required']);
    expect(withNetwork({ allowedDomains: ['ftp://files.acme.com'] })[0]).toMatch(/"ftp:\/\/files.acme.com" is not a domain Figma accepts/);
    expect(withNetwork({ allowedDomains: ['https://10.0.0.7:8787'] })).toEqual(['manifest.networkAccess.allowedDomains[0] "https://10.0.0.7:8787": use a host name, not an IP address']);
    expect(withNetwork({ allowedDomains: ['none'], devAllowedDomains: ['http://127.0.0.1:8787'] })).toEqual([
      'manifest.networkAccess.devAllowedDomains[0] "http://127.0.0.1:8787": use a host name, not an IP address',
    ]);
    expect(withNetwork({ allowedDomains: ['https://acme.com:*'], reasoning: 'why' })).toEqual(['manifest.networkAccess.allowedDomains[0] "https://acme.com:*": a port wildcard is for localhost in devAllowedDomains only']);
    expect(withNetwork({ allowedDomains: ['https://acme.com:99999'] })[0]).toMatch(/is not a domain Figma accepts/);
    expect(withNetwork({ allowedDomains: ['*'] })).toEqual(['manifest.networkAccess.reasoning is required when allowedDomains uses a wildcard']);
    expect(withNetwork({ allowedDomains: ['none', 'https://acme.com'] })).toEqual(['manifest.networkAccess.allowedDomains: "none" and "*" must stand alone']);
    expect(withNetwork({ allowedDomains: ['none'], reason: 'x' })).toEqual(['manifest.networkAccess.reason is not a manifest field']);
  });
});
