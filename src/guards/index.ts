import type { Guard } from '../spec/guard.js';
import { remoteClassifier } from './remote-classifier.js';

/** Every built-in guard (the async tier), explicitly listed. The id of each equals its file name. */
export const BUILTIN_GUARDS: readonly Guard[] = [remoteClassifier] as unknown as readonly Guard[];
