/** Replaced at build time by build.mjs (and by vitest.config.ts in tests) with package.json's version. */
declare const __FIGMENT_VERSION__: string;
