/**
 * At most one call per `ms`; calls within the wait are dropped, not delayed.
 * For "the reviewer has seen the queue" that is the safe side: a dropped look
 * only leaves work marked new a little longer, whereas a delayed call would
 * fire later and could mark as seen work that arrived after the reviewer
 * looked away.
 */
export function throttle(fn: () => void, ms: number, clock: () => number = () => Date.now()): () => void {
  let last = -Infinity;
  return () => {
    const t = clock();
    if (t - last < ms) return;
    last = t;
    fn();
  };
}
