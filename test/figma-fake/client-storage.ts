/**
 * `figma.clientStorage`, faked: values are structured-cloned (the typings: any value that can be stored), per
 * plugin and machine, within Figma's quota ("Each plugin gets a total storage quota of 5MB",
 * developers.figma.com/docs/plugins/api/figma-clientStorage); `setAsync` rejects past it.
 */
export const CLIENT_STORAGE_QUOTA = 5 * 1024 * 1024;

/** Bytes a value takes: binary data by its length, everything else as its JSON text. */
function sizeOf(value: unknown): number {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return value.byteLength;
  if (Array.isArray(value)) return 2 + value.reduce((n: number, v) => n + 1 + sizeOf(v), 0);
  if (typeof value === 'object' && value !== null) return 2 + Object.entries(value).reduce((n, [k, v]) => n + k.length + 4 + sizeOf(v), 0);
  return JSON.stringify(value ?? null).length;
}

export function createClientStorage(storage: Map<string, unknown>, assertOpen: () => void) {
  const used = (without?: string) => [...storage].reduce((n, [k, v]) => (k === without ? n : n + k.length + sizeOf(v)), 0);
  return {
    getAsync: async (key: string) => {
      assertOpen();
      return storage.has(key) ? structuredClone(storage.get(key)) : undefined;
    },
    setAsync: async (key: string, value: unknown) => {
      assertOpen();
      const total = used(key) + key.length + sizeOf(value);
      if (total > CLIENT_STORAGE_QUOTA) throw new Error(`clientStorage quota exceeded: ${total} bytes of ${CLIENT_STORAGE_QUOTA}`);
      storage.set(key, structuredClone(value));
    },
    deleteAsync: async (key: string) => {
      assertOpen();
      storage.delete(key);
    },
    keysAsync: async () => {
      assertOpen();
      return [...storage.keys()];
    },
  };
}
