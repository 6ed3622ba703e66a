/**
 * Figment's records in the document (a frame's thread, the file's style lock), kept as shared plugin data under the
 * `figment` namespace. Private plugin data is keyed by the plugin id ("Data will become inaccessible if your plugin
 * ID changes", typings: setPluginData), and Figma assigns a new id when a plugin is published, so private data would
 * vanish with every team's own build; shared data is read by any build of Figment. Records an earlier version kept
 * privately are moved over the first time they are read.
 */
export const NAMESPACE = 'figment';

type DataNode = Pick<BaseNode, 'getPluginData' | 'setPluginData' | 'getSharedPluginData' | 'setSharedPluginData'>;

/** The record under `key`; an old private one under `legacyKey` is moved to shared data once. */
export function readRecord(node: DataNode, key: string, legacyKey: string): string {
  const shared = node.getSharedPluginData(NAMESPACE, key);
  if (shared) return shared;
  const old = node.getPluginData(legacyKey);
  if (!old) return '';
  try {
    node.setSharedPluginData(NAMESPACE, key, old);
    node.setPluginData(legacyKey, '');
  } catch {
    // A node that cannot be written now (e.g. in a read-only file) keeps its old record; it is read again next time.
  }
  return old;
}

export function writeRecord(node: DataNode, key: string, value: string): void {
  node.setSharedPluginData(NAMESPACE, key, value);
}
