// Validation at the boundary. zod/mini rather than classic zod: the same validators, but
// functional and tree-shakable, so the browser bundle carries only the checks we use (classic zod
// pulls in its whole method chain, tens of kB more). Valibot would be smaller still, but it is not
// installed and zod 4 is.
import * as z from 'zod/mini';
import { ApiError } from '../fetch-client.ts';

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  }
  return out === '' ? 'the body' : out;
}

/** The first few issues, each as `where: what`, for a person reading an error. */
export function describeIssues(error: z.core.$ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = formatPath(issue.path);
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return issues.join('; ') + more;
}

/** Parses a body with its schema, or throws an invalid-response ApiError saying what was wrong. */
export function parseBody<Schema extends z.ZodMiniType>(
  schema: Schema,
  body: unknown,
  path: string,
): z.output<Schema> {
  const result = z.safeParse(schema, body);
  if (!result.success) {
    throw new ApiError({ kind: 'invalid-response', path, detail: describeIssues(result.error) });
  }
  return result.data;
}
