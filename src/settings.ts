/** The user's backend settings, kept per user and machine in `figma.clientStorage`. */
import { DEFAULT_SETTINGS, type StoredSettings } from '../contract/messages';
import { normalizeBackendUrl } from '../core/network-access';

export const SETTINGS_KEY = 'figment.settings';

/** Keeps only known string fields; anything else stored under the key is ignored. */
export function normalizeSettings(value: unknown): StoredSettings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const str = (key: 'backendUrl' | 'accessToken') => (typeof v[key] === 'string' ? (v[key] as string).trim() : DEFAULT_SETTINGS[key]);
  const model = typeof v.model === 'string' ? v.model.trim() : '';
  return { backendUrl: normalizeBackendUrl(str('backendUrl')) || DEFAULT_SETTINGS.backendUrl, accessToken: str('accessToken'), ...(model ? { model } : {}) };
}

export async function loadSettings(): Promise<StoredSettings> {
  return normalizeSettings(await figma.clientStorage.getAsync(SETTINGS_KEY));
}

export async function saveSettings(settings: StoredSettings): Promise<StoredSettings> {
  const clean = normalizeSettings(settings);
  await figma.clientStorage.setAsync(SETTINGS_KEY, clean);
  return clean;
}
