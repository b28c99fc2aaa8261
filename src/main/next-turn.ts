/**
 * Resolves after a full turn of the event loop: timers and I/O get their turn
 * before what follows. Long work on the main thread (a first sync's pages)
 * is cut into pieces with it, so that no piece blocks the interface for long.
 */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
