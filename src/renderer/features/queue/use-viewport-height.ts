import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The visible height of a scroller, following resizes. jsdom has no layout
 * (clientHeight 0) and no ResizeObserver: `fallback` stands in there, so the
 * windowed list still renders a window in component tests.
 */
export function useViewportHeight(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [height, setHeight] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || fallback);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, fallback]);
  return height;
}
