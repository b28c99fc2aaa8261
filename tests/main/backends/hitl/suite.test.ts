/** The shared adapter suite against the HITL adapter and the fake HITL request service. */
import { describe } from 'vitest';
import { startHitlDriver } from '../../../support/drivers/hitl-driver';
import { describeAdapterSuite } from '../adapter-suite';

describe('HITL request service adapter', () => describeAdapterSuite(() => startHitlDriver()));
