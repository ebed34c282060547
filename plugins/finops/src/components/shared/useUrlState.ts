import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** How a screen's state is read from and written to the query parameters of its URL. */
export interface UrlStateCodec<S> {
  /** The state the parameters describe; anything missing or invalid falls back to the default. */
  read(params: URLSearchParams): S;
  /** The parameters of a state; a value equal to the default is left out (short links). */
  write(state: S): Record<string, string | undefined>;
}

/**
 * A screen's state (period, view, filters, selected row…) kept in the URL's query parameters, so
 * that a reload restores it and a copied link shares it. Parameters the codec does not write are
 * kept; a change replaces the history entry rather than adding one.
 */
export function useUrlState<S>(
  codec: UrlStateCodec<S>,
  keys: readonly string[],
): [S, (state: S) => void] {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  // The state follows the parameters, not the codec object (often rebuilt on each render).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useMemo(
    () => codec.read(new URLSearchParams(search)),
    [search],
  );
  const setState = useCallback(
    (next: S) => {
      setParams(
        current => {
          const updated = new URLSearchParams(current);
          for (const key of keys) {
            updated.delete(key);
          }
          for (const [key, value] of Object.entries(codec.write(next))) {
            if (value !== undefined && value !== '') {
              updated.set(key, value);
            }
          }
          return updated;
        },
        { replace: true },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams, keys.join(',')],
  );
  return [state, setState];
}

/** A parameter's value if it is one of the allowed ones, else the fallback. */
export function oneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
  fallback: T,
): T {
  return value !== null && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

/** A `YYYY-MM` parameter, else the fallback. */
export function monthParam(value: string | null, fallback: string): string {
  return value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
    ? value
    : fallback;
}
