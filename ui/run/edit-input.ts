/**
 * What an edit starts from, asked of the main thread (`get-edit-input`) and awaited until its answer
 * (`edit-input` or `edit-input-failed`) comes back under the same request id.
 */
import type { EditInput, MainToUi, UiToMain } from '../../contract/messages';
import type { EditSource } from './run';

type InputAnswer = Extract<MainToUi, { type: 'edit-input' | 'edit-input-failed' }>;

export function createInputReader(post: (message: UiToMain) => void) {
  const waiting = new Map<string, { resolve(input: EditInput): void; reject(error: Error): void }>();
  return {
    read(source: EditSource, requestId: string): Promise<EditInput> {
      return new Promise<EditInput>((resolve, reject) => {
        waiting.set(requestId, { resolve, reject });
        post({ type: 'get-edit-input', requestId, nodeId: source.nodeId, referenceIds: source.referenceIds, maskId: source.maskId, ...(source.exportWidth ? { exportWidth: source.exportWidth } : {}) });
      });
    },
    answer(message: InputAnswer): void {
      const entry = waiting.get(message.requestId);
      waiting.delete(message.requestId);
      if (message.type === 'edit-input') entry?.resolve(message.input);
      else entry?.reject(new Error(message.message));
    },
  };
}
