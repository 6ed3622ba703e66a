/**
 * Recent's view of this document: the job ids applied in it (src/recent-file.ts), asked for when Recent opens and
 * answered by the main thread, which alone reads the document.
 */
import { useState } from 'preact/hooks';
import type { MessageHandlers } from '../../contract/messages';
import type { RecentMainToUi } from '../../contract/recent-messages';
import { postToMain } from '../bridge';

export function useRecentFile() {
  const [fileJobs, setFileJobs] = useState<ReadonlySet<string> | null>(null);
  const handlers: Pick<MessageHandlers<RecentMainToUi>, 'file-jobs'> = {
    'file-jobs': (m) => setFileJobs(new Set(m.jobIds)),
  };
  return { fileJobs, handlers, load: () => postToMain({ type: 'get-file-jobs' }) };
}
