/** The `review:` key of the `gateway:` section (docs/review.md): which finished requests the review queue receives. */
import { z } from 'zod';

export const reviewConfigSchema = z
  .strictObject({
    /** Off: nothing is queued and POST /v1/feedback is not served (404, as for any unknown route). */
    enabled: z.boolean().default(true),
    /** Queue requests where a rule in monitor mode fired. */
    monitor: z.boolean().default(true),
    /** Queue requests where a finding acted with a score less than this above its threshold; 0 turns it off. */
    low_confidence_band: z.number().min(0).max(1).default(0.1),
  })
  .prefault({});

export type ReviewConfig = z.infer<typeof reviewConfigSchema>;
