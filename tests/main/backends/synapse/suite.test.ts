/** The shared adapter suite against the Synapse adapter and the fake Synapse server. */
import { describe } from 'vitest';
import { startSynapseDriver } from '../../../support/drivers/synapse-driver';
import { describeAdapterSuite } from '../adapter-suite';

describe('Synapse adapter', () => describeAdapterSuite(startSynapseDriver));
