import { z } from 'zod';
import type { Detector } from '../src/spec/types.js';
export const injectionClassifier: Detector = { id: 'injection-classifier', stages: ['input', 'retrieved', 'tool_result'], cost: 2, description: 'stub', options: z.object({}), scan: () => [] };
