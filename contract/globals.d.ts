/** Replaced at build time by build.mjs (and by vitest.config.ts in tests) with package.json's version. */
declare const __FIGMENT_VERSION__: string;
/**
 * Replaced at build time by build.mjs (and by vitest.config.ts in tests) with what manifest.json says of the network:
 * the UI's default Backend URL and the domains Figma lets the plugin reach.
 */
declare const __FIGMENT_NETWORK__: { defaultBackendUrl: string; allowedDomains: string[]; devAllowedDomains: string[] };
