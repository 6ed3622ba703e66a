/**
 * Which backends this build of the plugin can reach: Figma blocks any request to a domain its manifest.json does not
 * list (a CSP error), so Settings refuses such a Backend URL up front and says how to build for it.
 */
import { networkAllows, type NetworkAccess } from '../core/network-access';

const access: NetworkAccess = { allowedDomains: __FIGMENT_NETWORK__.allowedDomains, devAllowedDomains: __FIGMENT_NETWORK__.devAllowedDomains };

/** Why Figma would block requests to `backendUrl` from this build, or null when it lets them through. */
export function backendUrlProblem(backendUrl: string, network: NetworkAccess = access): string | null {
  // devAllowedDomains apply while the plugin runs in development (imported from its manifest), which the UI cannot
  // tell apart from a published run; a published plugin only ever lists its team's backend in allowedDomains.
  if (networkAllows(network, `${backendUrl}/v1/health`, true)) return null;
  const listed = [...network.allowedDomains.filter((d) => d !== 'none'), ...(network.devAllowedDomains ?? []).map((d) => `${d} (in development)`)];
  return `Figma would block ${backendUrl}: this plugin's manifest allows ${listed.length > 0 ? listed.join(', ') : 'no backend'}. Build the plugin for your backend with npm run build -- --backend ${backendUrl.startsWith('https://') ? backendUrl : 'https://your-backend'}.`;
}

/**
 * Whether this build was made for `backendUrl` (`npm run build -- --backend`): the team chose it, so the first run
 * may offer it filled in. The development default is not a choice anyone made, and shows only as a placeholder.
 */
export function builtFor(backendUrl: string, network: NetworkAccess = access): boolean {
  return networkAllows({ allowedDomains: network.allowedDomains }, `${backendUrl}/v1/health`, false);
}
