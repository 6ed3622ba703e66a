/** The backend's version: injected by build.mjs (and vitest); 'dev' when the sources run directly (tsx). */
export const VERSION: string = typeof __FIGMENT_VERSION__ === 'string' ? __FIGMENT_VERSION__ : 'dev';
