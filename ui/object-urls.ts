/** Object URLs for images shown in the chat: created from bytes, revoked when replaced or when the UI closes. */

export function mimeOf(format: string): string {
  return format === 'jpeg' ? 'image/jpeg' : format === 'webp' ? 'image/webp' : 'image/png';
}

export interface ObjectUrls {
  create(bytes: Uint8Array, format: string): string;
  revoke(url: string | undefined): void;
  revokeAll(): void;
}

export function createObjectUrls(): ObjectUrls {
  const live = new Set<string>();
  return {
    create(bytes, format) {
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mimeOf(format) }));
      live.add(url);
      return url;
    },
    revoke(url) {
      if (url && live.delete(url)) URL.revokeObjectURL(url);
    },
    revokeAll() {
      for (const url of live) URL.revokeObjectURL(url);
      live.clear();
    },
  };
}
