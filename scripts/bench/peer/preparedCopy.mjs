// The throw-away copy of this clone with the peer added (bench:peer).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  NATIVE,
  PEER,
  RECIPE,
  ROOT,
  fresh,
  log,
  run,
  yarnJs,
} from './options.mjs';

/** The files of this clone as they are now (tracked and new, not ignored). */
function sourceFiles() {
  return run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    ROOT,
  )
    .split('\0')
    .filter(file => file && fs.existsSync(path.join(ROOT, file)));
}

/** Every folder named `name` under a node_modules folder, relative to `root`. */
function packageDirs(root, name) {
  const found = [];
  const visit = dir => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === name) found.push(path.relative(root, full));
      const nested = path.join(full, 'node_modules');
      if (fs.existsSync(nested)) visit(nested);
      if (entry.name.startsWith('@')) visit(full);
    }
  };
  visit(path.join(root, 'node_modules'));
  return found;
}

/**
 * The throw-away copy with the peer added, made once per yarn.lock: a copy of this clone with its
 * node_modules, `yarn workspace backend add <peer>` in it, the native build/ folders that the
 * offline rebuild could not make copied from this clone, and the peer's plugin in the backend.
 */
export function preparedCopy() {
  const key = crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, 'yarn.lock')))
    .update(`${PEER} ${RECIPE}`)
    .digest('hex')
    .slice(0, 12);
  const copy = path.join(os.tmpdir(), `finops-bench-peer-${key}`);
  const done = path.join(copy, '.bench-peer-ready');
  if (fresh) fs.rmSync(copy, { recursive: true, force: true });
  if (!fs.existsSync(done)) {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.mkdirSync(copy, { recursive: true });
    log(`copying this clone and its node_modules to ${copy}`);
    const files = sourceFiles();
    fs.writeFileSync(path.join(copy, '.files'), files.join('\n'));
    execFileSync(
      'bash',
      [
        '-c',
        `tar -C "$1" -cf - node_modules -T "$2" | tar -C "$3" -xf -`,
        'copy',
        ROOT,
        path.join(copy, '.files'),
        copy,
      ],
      { stdio: 'inherit' },
    );
    log(`adding ${PEER} to the copy's backend (a few minutes)`);
    try {
      run(
        process.execPath,
        [yarnJs, 'workspace', 'backend', 'add', PEER],
        copy,
      );
    } catch (error) {
      // The native rebuilds fail offline (no headers); everything else is installed.
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
      if (!/build failed|couldn't be built/i.test(output)) {
        throw new Error(`yarn add failed:\n${output.slice(-4000)}`);
      }
    }
    for (const name of NATIVE) {
      for (const dir of packageDirs(ROOT, name)) {
        const from = path.join(ROOT, dir, 'build');
        const to = path.join(copy, dir, 'build');
        if (fs.existsSync(from) && fs.existsSync(path.join(copy, dir))) {
          fs.rmSync(to, { recursive: true, force: true });
          fs.cpSync(from, to, { recursive: true });
        }
      }
    }
    fs.writeFileSync(done, new Date().toISOString());
  } else {
    log(`reusing the copy in ${copy}`);
  }
  // This clone's sources as they are now; the backend's package.json keeps the peer.
  for (const file of sourceFiles()) {
    if (file === 'packages/backend/package.json' || file === 'yarn.lock') {
      continue;
    }
    const target = path.join(copy, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), target);
  }
  const index = path.join(copy, 'packages/backend/src/index.ts');
  const source = fs.readFileSync(index, 'utf8');
  const line = `  backend.add(import('${PEER.replace(/@[^@]*$/, '')}'));\n`;
  fs.writeFileSync(
    index,
    source.replace(/(\n\s*await backend\.start\(\);)/, `\n${line}$1`),
  );
  return copy;
}
