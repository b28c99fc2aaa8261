/** The Synapse backend adapter (README.md in this folder). */
export { createSynapseAdapter } from './synapse-adapter';
