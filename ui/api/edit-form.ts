/** `POST /v1/images/edits` as OpenAI's multipart wire format: the body's fields as text, then `image[]`, then `mask`. */
import type { EditImageFiles, EditImageRequest } from '../../contract/api';

const blob = (bytes: Uint8Array) => new Blob([bytes as BlobPart], { type: 'image/png' });

export function editForm(body: EditImageRequest, files: EditImageFiles): FormData {
  const form = new FormData();
  for (const [field, value] of Object.entries(body)) if (value !== undefined) form.append(field, String(value));
  // The image to edit is the first `image[]`; references follow it (OpenAI's CreateImageEditRequest).
  files.images.forEach((bytes, i) => form.append('image[]', blob(bytes), i === 0 ? 'frame.png' : `reference-${i}.png`));
  if (files.mask) form.append('mask', blob(files.mask), 'mask.png');
  return form;
}
