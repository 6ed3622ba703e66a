/**
 * Runs `task` over `items` with at most `limit` in flight, starting them in list order. Resolves when every task
 * has settled; a failing task does not stop the others (tasks report their own failures).
 */
export async function runPool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index).catch(() => undefined);
    }
  };
  const workers = Math.min(Math.max(1, Math.floor(limit)), items.length);
  await Promise.all(Array.from({ length: workers }, worker));
}
