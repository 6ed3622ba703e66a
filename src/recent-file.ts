/**
 * Recent's "This file" filter: the jobs whose images were applied in this document. The source is the frames' own
 * threads (src/thread.ts): every applied image is a version in the node's shared plugin data with the job id it came
 * from, so the document itself says which jobs it holds, whoever applied them and on whatever machine (the prompt
 * index in clientStorage knows only this user's). Read on request, page by page (documentAccess "dynamic-page":
 * each page is loaded first), with Figma's fast search for nodes carrying a thread record, or a thread still in the
 * private plugin data where versions before the shared record kept it (reading it moves it: src/document-data.ts).
 */
import type { MessageHandlers } from '../contract/messages';
import type { RecentMainToUi, RecentUiToMain } from '../contract/recent-messages';
import { NAMESPACE } from './document-data';
import { THREAD_KEY } from '../core/thread';
import { THREAD_RECORD, threadOf } from './thread';

export async function fileJobIds(): Promise<string[]> {
  const ids = new Set<string>();
  for (const page of figma.root.children) {
    await page.loadAsync();
    const shared = page.findAllWithCriteria({ sharedPluginData: { namespace: NAMESPACE, keys: [THREAD_RECORD] } });
    const old = page.findAllWithCriteria({ pluginData: { keys: [THREAD_KEY] } });
    for (const node of new Set([...shared, ...old])) {
      for (const version of threadOf(node).versions) if (version.jobId) ids.add(version.jobId);
    }
  }
  return [...ids];
}

export function recentHandlers(post: (message: RecentMainToUi) => void): MessageHandlers<RecentUiToMain, Promise<void>> {
  return {
    'get-file-jobs': async () => post({ type: 'file-jobs', jobIds: await fileJobIds() }),
  };
}
