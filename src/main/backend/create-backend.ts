/**
 * Builds the adapter an account's backend type calls for. The only place
 * that knows which backends exist: the session, the sync engine and the UI
 * get a BackendAdapter and never ask which kind it is.
 */
import type { BackendConfig } from '../../shared/backends';
import type { Assignment } from '../../shared/protocol';
import type { Logger } from '../log';
import type { BackendAdapter } from './adapter';
import type { FetchFn } from './http-client';
import { createHitlAdapter } from './hitl';
import { createProtocolAdapter } from './protocol-adapter';
import { createSynapseAdapter } from './synapse';

export interface CreateBackendOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchFn;
  timeoutMs?: number;
  log?: Logger;
  now?: () => Date;
  lookup?: (id: number) => Assignment | null;
}

export function createBackend(config: BackendConfig, opts: CreateBackendOptions): BackendAdapter {
  switch (config.type) {
    case 'native':
      return createProtocolAdapter(opts);
    case 'synapse':
      return createSynapseAdapter({ ...opts, config });
    case 'hitl':
      return createHitlAdapter({ ...opts, config });
  }
}
