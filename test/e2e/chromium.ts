/**
 * Which Chromium the end-to-end tests drive: Debian's /usr/bin/chromium, or the executable FIGMENT_CHROMIUM names.
 * Node-only (read by test/global-setup.ts and test/e2e/browser.ts).
 */
import { accessSync, constants, statSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.FIGMENT_CHROMIUM?.trim() || DEFAULT_CHROMIUM;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** One line saying how to get a Chromium, or undefined when the one the tests would use is there. */
export function missingChromium(env: Record<string, string | undefined> = process.env, usable: (path: string) => boolean = isExecutableFile): string | undefined {
  const path = chromiumPath(env);
  if (usable(path)) return undefined;
  if (env.FIGMENT_CHROMIUM?.trim()) return `FIGMENT_CHROMIUM=${path} is not an executable file: point it at a Chromium executable, or unset it to use ${DEFAULT_CHROMIUM}.`;
  return `The end-to-end tests need Chromium at ${DEFAULT_CHROMIUM}: install it (Debian/Ubuntu: sudo apt-get install -y chromium), or set FIGMENT_CHROMIUM to another Chromium executable.`;
}
