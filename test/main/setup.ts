/** Runs src/main.ts against a fresh fake `figma`, as Figma would run dist/code.js. */
import { vi } from 'vitest';
import { createFakeFigma, createMemoryTransport, type FakeFigma, type FakeFigmaOptions } from '../figma-fake';

export async function startPlugin(clientStorage = new Map<string, unknown>(), options: Pick<FakeFigmaOptions, 'missingFonts'> = {}): Promise<FakeFigma & { transport: ReturnType<typeof createMemoryTransport> }> {
  const transport = createMemoryTransport();
  const fake = createFakeFigma({ transport, clientStorage, ...options });
  const g = globalThis as unknown as { figma: unknown; __html__: string };
  g.figma = fake.figma;
  g.__html__ = '<html>ui</html>';
  vi.resetModules();
  await import('../../src/main');
  await fake.run();
  return Object.assign(fake, { transport });
}
