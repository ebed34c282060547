import { CustomErrorBase, InputError } from '@backstage/errors';
import { idSchema } from '@finops-backstage/plugin-finops-common';
import { Request } from 'express';
import { z } from 'zod';

/** Parses a request part with a zod schema, or throws an InputError naming what is wrong. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(issue =>
      issue.path.length > 0
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    );
    throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The id of a stored record in a path: decimal digits only (no `0x10`, `1e3`, ` 1`), a safe integer. */
export function parseId(value: unknown, what: string): number {
  return parseInput(idSchema, value, what);
}

/** 415: a body in a media type the route does not read (`@backstage/errors` has no class for it). */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  statusCode = 415;
}

/** Throws a 415 unless the request has no body or a body of one of `types`. */
export function requireBodyType(req: Request, types: string[]): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(types)) {
    throw new UnsupportedMediaTypeError(
      `body: expected ${types.join(' or ')}, not ${
        req.headers['content-type'] ?? 'no content type'
      }`,
    );
  }
}

/** An echo of user input in a message, at most `max` characters. */
export function truncateEcho(text: string, max = 200): string {
  return text.length > max
    ? `${text.slice(0, max)}… (${text.length} characters)`
    : text;
}
