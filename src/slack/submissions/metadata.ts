import type { z } from 'zod';

/** A modal's private_metadata, checked against what the modal was opened with; null if not. */
export function readMetadata<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
