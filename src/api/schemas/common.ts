// Schema pieces shared by the v7 and v6 bodies: tolerant where the documentation and reality
// disagree, strict where a wrong value would mislead. Built on zod/mini (see parse.ts for why).
import * as z from 'zod/mini';

/** An id sent as a number (v6) or a string (v7); always a string inside Earshot. */
export const idSchema = z.pipe(
  z.union([
    z.string().check(z.regex(/^[\w.:-]+$/, 'expected an id of letters, digits, . : - or _')),
    z.number().check(z.int(), z.nonnegative()),
  ]),
  z.transform((value) => String(value)),
);

/** Free text that may be absent, null, or a number where the docs promise a string (dscp). */
export const optionalTextSchema = z.pipe(
  z.optional(z.nullable(z.union([z.string(), z.number(), z.boolean()]))),
  z.transform((value) => (value === undefined || value === null ? undefined : String(value))),
);

const NUMERIC_TEXT = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * A measurement that may be absent (no value: never zero). A number, or a number written as a
 * string; any other string is refused, because guessing a value would mislead.
 */
export function metricSchema(bounds: { min: number; max?: number }) {
  const { min, max = Number.MAX_VALUE } = bounds;
  return z.pipe(
    z.optional(
      z.nullable(
        z.union([
          z.number().check(z.gte(min), z.lte(max)),
          z.literal(''),
          z.string().check(
            z.regex(NUMERIC_TEXT, 'expected a number'),
            z.refine((text) => Number(text) >= min && Number(text) <= max, {
              message: `expected a number from ${min}${max === Number.MAX_VALUE ? '' : ` to ${max}`}`,
            }),
          ),
        ]),
      ),
    ),
    z.transform((value) =>
      value === undefined || value === null || value === '' ? undefined : Number(value),
    ),
  );
}

export const mosSchema = metricSchema({ min: 0, max: 5 });
export const percentSchema = metricSchema({ min: 0, max: 100 });
export const nonNegativeSchema = metricSchema({ min: 0 });

/**
 * The round a row belongs to: an integer number of epoch seconds, strictly. A string or a fraction
 * here would put the measurement in the wrong column, so the whole body is refused instead.
 */
export const roundIdSchema = z.number().check(z.int(), z.positive());

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
