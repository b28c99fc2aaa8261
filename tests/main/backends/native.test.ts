/** The shared adapter suite against the native protocol and the reference server. */
import { describe } from 'vitest';
import { startNativeDriver } from '../../support/drivers/native-driver';
import { describeAdapterSuite } from './adapter-suite';

describe('native protocol adapter', () => describeAdapterSuite(startNativeDriver));
