/**
 * Whether the engine may talk to the backend. "Offline" is believed from the
 * OS at once (Electron's net.isOnline(), the page's navigator.onLine): when
 * it says so, no request is made at all. "Online" is not: an OS that sees a
 * network may still see a captive portal or a dead VPN, so after being
 * offline (by the OS or by a failed request) the backend's GET /health/ must
 * answer before the outbox drains. The first sync after start needs no such
 * check: its own first request is the probe.
 */
export type Gate =
  /** The OS says there is no network: make no request. */
  | 'os_offline'
  /** /health/ did not answer: still offline. */
  | 'unreachable'
  /** Nothing known against the backend: go on. */
  | 'open'
  /** /health/ answered after a time offline: go on, and send what waited at once. */
  | 'reconnected';

export function createConnectivity(isOnline: () => boolean = () => true) {
  /** What the host last told us (setOnline); combined with the injected signal on each look. */
  let told = true;
  /**
   * What the engine last saw. Transitions are judged against it, not against
   * a fresh look: the injected signal may already have flipped by the time
   * the host's event arrives, and that event must still count as "came online".
   */
  let seen = true;
  /** null: nothing known yet; false: the last attempt could not reach the backend. */
  let reachable: boolean | null = null;

  function look(): boolean {
    seen = told && isOnline();
    if (!seen) reachable = false;
    return seen;
  }

  return {
    osOnline: (): boolean => told && isOnline(),

    /** The host's word; returns whether it changed anything. */
    setOnline(online: boolean): 'went_offline' | 'came_online' | null {
      const before = seen;
      told = online;
      const after = look();
      if (before === after) return null;
      return after ? 'came_online' : 'went_offline';
    },

    /** A request failed for lack of network (refused, reset, timed out). */
    lost(): void {
      reachable = false;
    },

    /** A request got an answer, whatever its status: the backend is there. */
    reached(): void {
      reachable = true;
    },

    /** True when the next sync will ask /health/ first. */
    unconfirmed(): boolean {
      return reachable === false;
    },

    async gate(health: () => Promise<boolean>): Promise<Gate> {
      if (!look()) return 'os_offline';
      if (reachable !== false) return 'open';
      if (!(await health())) return 'unreachable';
      reachable = true;
      return 'reconnected';
    },
  };
}
export type Connectivity = ReturnType<typeof createConnectivity>;
