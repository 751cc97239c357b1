/** Synthesis generators, in build order; each is its own `warden/synthetic-<id>` source. */
import type { Synthesizer } from '../types.js';
import { indirectDocuments, toolOutputs } from './indirect-documents.js';
import { indirectMultilingual } from './indirect-multilingual.js';
import { multilingualDirect } from './multilingual-direct.js';
import { obfuscated } from './obfuscated.js';

export const SYNTHESIZERS: readonly Synthesizer[] = [indirectMultilingual, multilingualDirect, indirectDocuments, toolOutputs, obfuscated];
