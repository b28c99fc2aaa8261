/**
 * "Connect to a server": checks a server and token by asking the backend who
 * the token belongs to. Every failure becomes a sentence the reviewer can act
 * on, naming the kind of backend they chose.
 */
import { BACKEND_LABELS, type BackendConfig } from '../../shared/backends';
import type { Me } from '../../shared/protocol';
import { AppFailure } from '../../shared/result';
import { createBackend } from '../backend/create-backend';
import { BackendError, normaliseBaseUrl, type FetchFn } from '../backend/http-client';

const EXAMPLE_URL: Record<BackendConfig['type'], string> = {
  native: 'https://review.example.com/api/v1',
  synapse: 'https://synapse.example.com/api',
  hitl: 'https://agents.example.com',
};

export async function checkConnection(
  baseUrlInput: string,
  token: string,
  config: BackendConfig,
  fetch?: FetchFn,
): Promise<{ baseUrl: string; me: Me }> {
  let baseUrl: string;
  try {
    baseUrl = normaliseBaseUrl(baseUrlInput);
  } catch {
    throw new AppFailure('validation', `"${baseUrlInput}" is not a valid server URL. Example: ${EXAMPLE_URL[config.type]}`);
  }
  const backend = createBackend(config, { baseUrl, token, fetch, timeoutMs: 10_000 });
  const label = BACKEND_LABELS[config.type];
  try {
    return { baseUrl, me: await backend.me() };
  } catch (e) {
    if (!(e instanceof BackendError)) throw e;
    const host = new URL(baseUrl).host;
    switch (e.code) {
      case 'offline':
        throw new AppFailure(
          'offline',
          `Cannot reach ${host}: ${e.message.replace(/^Cannot reach the server: /, '')}. Check the URL and your connection.`,
        );
      case 'unauthorized':
      case 'forbidden':
        throw new AppFailure('unauthorized', 'The server did not accept this token. Copy it again from your review backend.');
      case 'not_found':
        throw new AppFailure(
          'not_found',
          config.type === 'native'
            ? `No review backend answers at ${baseUrl} (GET /me/ was not found). Check the path, e.g. …/api/v1.`
            : `No ${label} answers at ${baseUrl}. Check the address and its path, e.g. ${EXAMPLE_URL[config.type]}.`,
        );
      default:
        throw new AppFailure('bad_response', `The server at ${host} did not answer like a ${label} (${e.message}).`);
    }
  }
}
