/**
 * A key prefix as a folder: without a leading `/`, with one trailing `/`; empty for the root.
 * `exports/focus`, `/exports/focus/` and `exports/focus/` all give `exports/focus/`.
 */
export function folderPrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed ? `${trimmed}/` : '';
}
