/** Every fuzz property, in one list for the CI tests and the benchmark. */
import { bodyProperties } from './body-properties.js';
import { cliProperties } from './cli-properties.js';
import { coreProperty } from './core-properties.js';
import { gatewayProperty } from './gateway-properties.js';
import type { FuzzProperty } from './harness.js';
import { holdbackProperties } from './holdback-properties.js';
import { streamProperties } from './stream-properties.js';
import { wireProperties } from './wire-properties.js';

export function fuzzProperties(): FuzzProperty[] {
  return [...bodyProperties, ...wireProperties, ...streamProperties, ...holdbackProperties, coreProperty(), ...cliProperties, gatewayProperty];
}
