/**
 * Issue 19's first run and Settings, in Chromium through the host emulator against a real backend (demo provider):
 * the empty state says what to connect to, the URL is not filled in for the user, and Save checks the address and
 * the token against the backend, keeping Settings open with the problem beside its field until they work.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, TOKEN, type TestBackend } from '../server/helpers';
import { pluginUrl, startE2E, type E2E } from './browser';

let e2e: E2E;
let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
  await backend?.close(1000);
});

/** A loopback port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('first run', () => {
  it('explains the backend and token, then refuses an unreachable URL and a wrong token before saving', async () => {
    const p = await e2e.open();
    await p.ui.getByRole('heading', { name: "Connect to your team's Figment server" }).waitFor();
    await p.ui.getByText(/prints it when it starts/).waitFor();
    await p.ui.getByText(/draws free placeholder images/).waitFor();
    const recent = p.ui.getByRole('button', { name: 'Recent' });
    expect(await recent.getAttribute('aria-disabled')).toBe('true');
    expect(await p.ui.getByRole('combobox', { name: 'Engine' }).count()).toBe(0);
    const url = p.ui.getByRole('textbox', { name: 'Backend URL' });
    const token = p.ui.getByLabel('Access token');
    expect(await url.inputValue()).toBe('');
    expect(await p.ui.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    // Nothing listens there: the address is wrong, and Settings says so beside it.
    const nowhere = `http://localhost:${await closedPort()}`;
    await url.fill(nowhere);
    await token.fill(TOKEN);
    await p.ui.getByRole('button', { name: 'Save' }).click();
    await p.ui.getByRole('alert').getByText(`Nothing answered at ${nowhere}`, { exact: false }).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');

    // The right address with a token the backend does not know: the token is the problem.
    await url.fill(pluginUrl(backend.url));
    await token.fill('not-a-token-of-this-backend');
    await p.ui.getByRole('button', { name: 'Save' }).click();
    await p.ui.getByRole('alert').getByText('The backend refused this access token', { exact: false }).waitFor();
    expect(await token.getAttribute('aria-invalid')).toBe('true');
    expect(await url.getAttribute('aria-invalid')).toBe('false');
    await p.ui.getByText('Not connected').waitFor();

    // Test connection checks without saving; Save then keeps the settings and closes the panel.
    await token.fill(TOKEN);
    await p.ui.getByRole('button', { name: 'Test connection' }).click();
    await p.ui.getByRole('status').getByText('Works: demo mode, free placeholder images.').waitFor();
    await p.ui.getByText('Not connected').waitFor();
    await p.ui.getByRole('button', { name: 'Save' }).click();
    await p.ui.getByText(/^Demo mode: free placeholder images/).waitFor();
    await url.waitFor({ state: 'detached' });
    expect(await recent.getAttribute('aria-disabled')).toBeNull();
    // Only in Settings: the engine.
    await p.ui.getByRole('button', { name: 'Settings' }).click();
    await p.ui.getByRole('combobox', { name: 'Engine' }).waitFor();
    // The browser logs the two refusals it was asked to make, and nothing else went wrong.
    expect(p.errors).toEqual(['console: Failed to load resource: net::ERR_CONNECTION_REFUSED', 'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  });
});
