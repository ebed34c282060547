import fs from 'node:fs';
import path from 'node:path';

/** The default pattern: CSV files, plain or gzip, in the folder and its sub-folders. */
export const DEFAULT_PATTERN = '**/*.{csv,csv.gz}';

/**
 * A glob as a regular expression over `/`-separated relative paths: `**` matches any number of
 * folders, `*` and `?` anything but `/`, `{a,b}` either alternative.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      braces += 1;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces -= 1;
      source += ')';
    } else if (char === ',' && braces > 0) {
      source += '|';
    } else {
      source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** The files of a folder (and its sub-folders) whose relative path matches the glob, sorted. */
export async function listFiles(
  folder: string,
  glob: string,
): Promise<string[]> {
  const pattern = globToRegExp(glob);
  const entries = await fs.promises.readdir(folder, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry =>
      path
        .relative(folder, path.join(entry.parentPath, entry.name))
        .split(path.sep)
        .join('/'),
    )
    .filter(relative => pattern.test(relative))
    .sort();
}
