/** Base64 (as images arrive in SSE events) to bytes, without going through a data: URL or fetch. */
type WithFromBase64 = typeof Uint8Array & { fromBase64?: (b64: string) => Uint8Array };

/** Native `Uint8Array.fromBase64` where the browser has it (Chromium 140+), else atob and a copy loop. */
export function base64ToBytes(b64: string): Uint8Array {
  const native = (Uint8Array as WithFromBase64).fromBase64;
  if (native) return native(b64);
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
