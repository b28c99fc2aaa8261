/**
 * The headers that carry an account's token, per kind of backend. The
 * adapters send them on every request; the offline file cache sends them to
 * the backend's own origin only (presigned URLs elsewhere carry their own).
 */
import type { BackendConfig } from '../../shared/backends';

export function credentialHeaders(config: BackendConfig, token: string): Record<string, string> {
  switch (config.type) {
    case 'native':
      return { Authorization: `Token ${token}` };
    case 'synapse':
      return {
        'Synapse-Access-Token': `Token ${token}`,
        ...(config.tenant ? { 'Synapse-Tenant': `Token ${config.tenant}` } : {}),
      };
    case 'hitl':
      return { Authorization: `${config.authScheme} ${token}` };
  }
}
