/**
 * Runs `fn` over `items` with at most `limit` calls in flight, and returns the results in the
 * items' order (not completion order), so reports stay in the planned order.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  // Each worker takes the next unstarted item when its own finishes; a rejection stops that
  // worker and rejects the whole call (callers here never reject: they return outcomes).
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  const width = Math.max(1, Math.min(Math.floor(limit) || 1, items.length))
  await Promise.all(Array.from({ length: width }, worker))
  return results
}
