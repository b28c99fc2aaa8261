import { useEffect, useState } from 'react';
import { now } from '../../store/clock';

/**
 * The current time, refreshed every `intervalMs`, so relative labels
 * ("due in 3 h", "2 min ago") age while the window stays open.
 */
export function useNow(intervalMs = 30_000): number {
  const [current, setCurrent] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setCurrent(now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return current;
}
