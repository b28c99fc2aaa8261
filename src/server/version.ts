/** Reported by `GET /health/`: the server's own version, then the protocol it speaks. */
export const SERVER_VERSION = '0.1.0 (protocol v1)';
