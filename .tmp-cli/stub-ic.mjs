import { z } from 'zod';
export const injectionClassifier = { id: 'injection-classifier', stages: ['input', 'retrieved', 'tool_result'], cost: 2, description: 'stub', options: z.object({}), scan: () => [] };
