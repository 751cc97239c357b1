/** The framework registry, by the id `warden report --framework` takes. */
import type { FrameworkId } from '../types.js';
import type { Framework } from './framework.js';
import { GDPR } from './gdpr.js';
import { HIPAA } from './hipaa.js';
import { PCI_DSS } from './pci-dss.js';
import { SOC2 } from './soc2.js';

export const FRAMEWORKS: Readonly<Record<FrameworkId, Framework>> = { hipaa: HIPAA, 'pci-dss': PCI_DSS, gdpr: GDPR, soc2: SOC2 };
export type { ControlSpec, Framework } from './framework.js';
