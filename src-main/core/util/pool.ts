// Runs tasks at most `limit` at a time and hands back one promise per task, in the tasks' order, so a
// caller can work in parallel yet report in order.

export function runLimited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T>[] {
  let next = 0;
  const results = tasks.map(() => {
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    return { promise, settle };
  });
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      try {
        results[index]!.settle.resolve(await tasks[index]!());
      } catch (error) {
        results[index]!.settle.reject(error);
      }
    }
  };
  for (let i = 0; i < Math.max(1, Math.min(limit, tasks.length)); i++) void worker();
  // Reported by whoever awaits each promise; unawaited ones must not crash the process meanwhile.
  for (const { promise } of results) promise.catch(() => {});
  return results.map(({ promise }) => promise);
}
