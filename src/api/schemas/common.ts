// Schema pieces shared by the v7 and v6 bodies: tolerant where the documentation and reality
// disagree, strict where a wrong value would mislead. Built on zod/mini (see parse.ts for why).
// Result rows are not read by schemas but by common/result-rows/row-fields.ts, by hand, for speed.
import * as z from 'zod/mini';

import { UPSTREAM_ID_PATTERN } from '../../../common/result-rows/row-fields.ts';

/** An id sent as a number (v6) or a string (v7); always a string inside Earshot. */
export const idSchema = z.pipe(
  z.union([
    z.string().check(z.regex(UPSTREAM_ID_PATTERN, 'expected an id of letters, digits, . : - or _')),
    z.number().check(z.int(), z.nonnegative()),
  ]),
  z.transform((value) => String(value)),
);

/** Free text that may be absent, null, or a number where the docs promise a string (dscp). */
export const optionalTextSchema = z.pipe(
  z.optional(z.nullable(z.union([z.string(), z.number(), z.boolean()]))),
  z.transform((value) => (value === undefined || value === null ? undefined : String(value))),
);

/** v6 sends 0/1 where v7 sends booleans. */
export const flagSchema = z.pipe(
  z.optional(z.nullable(z.union([z.boolean(), z.literal(0), z.literal(1)]))),
  z.transform((value) => value === true || value === 1),
);

/** A test's round interval in seconds: drives round alignment, so strictly a positive integer. */
export const intervalSchema = z.number().check(z.int(), z.positive());

export const optionalNumberSchema = z.pipe(
  z.optional(z.nullable(z.number())),
  z.transform((value) => value ?? undefined),
);

export const optionalIdSchema = z.pipe(
  z.optional(z.nullable(idSchema)),
  z.transform((value) => value ?? undefined),
);
