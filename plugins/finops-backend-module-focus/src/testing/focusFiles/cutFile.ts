import fs from 'node:fs';

/** Cuts a file short: only its first `atByte` bytes are left. */
export async function cutFile(file: string, atByte: number): Promise<void> {
  await fs.promises.truncate(file, atByte);
}
