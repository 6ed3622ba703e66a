/**
 * Reads a multipart body as it streams in (@fastify/busboy), within a byte cap: each file part is gathered
 * once into its own buffer, so an upload costs about its own size in memory (Hono's `formData()` held the raw
 * body, the parsed parts and a copy of each). A client that goes away mid-upload is a `ClientAbort`, not an error.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Busboy } from '@fastify/busboy';
import { failure } from './errors';

export interface MultipartFile {
  field: string;
  filename: string;
  bytes: Uint8Array;
}

export interface MultipartBody {
  /** Text fields in the order sent (a name may repeat). */
  fields: Array<[string, string]>;
  files: MultipartFile[];
}

/** The client closed the connection before its body arrived. */
export class ClientAbort extends Error {
  constructor() {
    super('the client went away before its body arrived');
    this.name = 'ClientAbort';
  }
}

export interface MultipartLimits {
  maxBytes: number;
  maxFiles: number;
  maxFields: number;
}

const tooLarge = (maxBytes: number) => failure(413, 'payload_too_large', `The body exceeds ${Math.round(maxBytes / 1024)} KB.`);

export async function readMultipart(request: Request, limits: MultipartLimits): Promise<MultipartBody> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body) throw failure(400, 'invalid_request', 'The multipart body is empty.');
  const body: MultipartBody = { fields: [], files: [] };
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: limits.maxFields, fieldSize: 256 * 1024, parts: limits.maxFiles + limits.maxFields },
    });
  } catch {
    throw failure(400, 'invalid_request', 'The multipart body could not be read (bad Content-Type boundary).');
  }
  return new Promise<MultipartBody>((resolve, reject) => {
    let settled = false;
    let received = 0;
    const files: Array<Promise<void>> = [];
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      source.destroy();
      reject(request.signal.aborted ? new ClientAbort() : error);
    };
    source.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) fail(tooLarge(limits.maxBytes));
    });
    source.on('error', () => fail(request.signal.aborted ? new ClientAbort() : failure(400, 'invalid_request', 'The multipart body broke off.')));
    request.signal.addEventListener('abort', () => fail(new ClientAbort()), { once: true });
    parser.on('field', (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      if (valueTruncated) return fail(failure(400, 'invalid_request', `${name} is too long`, name));
      body.fields.push([name, value]);
    });
    parser.on('file', (field: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, filename: string) => {
      const chunks: Buffer[] = [];
      files.push(
        new Promise<void>((done) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', () => {
            fail(failure(400, 'invalid_request', 'The multipart body broke off.'));
            done();
          });
          stream.on('end', () => {
            if (stream.truncated) fail(tooLarge(limits.maxBytes));
            else body.files.push({ field, filename, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
            done();
          });
        }),
      );
    });
    const overLimit = () => fail(failure(400, 'invalid_request', `At most ${limits.maxFiles} files and ${limits.maxFields} fields may be sent.`));
    parser.on('filesLimit', overLimit);
    parser.on('fieldsLimit', overLimit);
    parser.on('partsLimit', overLimit);
    parser.on('error', () => fail(failure(400, 'invalid_request', 'The multipart body could not be read.')));
    parser.on('finish', () => {
      void Promise.all(files).then(() => {
        if (settled) return;
        settled = true;
        resolve(body);
      });
    });
    source.pipe(parser);
  });
}

/** The same shape from a web `FormData` (tests and any runtime that parsed the body already). */
export async function fromFormData(form: FormData): Promise<MultipartBody> {
  const body: MultipartBody = { fields: [], files: [] };
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') body.fields.push([name, value]);
    else body.files.push({ field: name, filename: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return body;
}
