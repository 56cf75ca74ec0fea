import { z } from 'zod';

/** A database identifier as it appears in a URL: a positive integer written in digits. */
export const IdParam = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number')
    .transform(Number),
});

export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });
/** UTC instant, ISO-8601. */
export const Instant = z.string();

/** Money in integer minor units (fen for CNY) with its ISO 4217 currency. Never a float. */
export const Money = z.strictObject({
  minor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY'),
});
export type Money = z.infer<typeof Money>;

export const PageQuery = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
