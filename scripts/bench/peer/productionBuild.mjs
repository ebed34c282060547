// The copy's backend built for production (bench:peer): what packages/backend/Dockerfile and
// scripts/verify-production.sh do, in a folder of the copy. `yarn build:backend` on every run
// (this clone's sources); the production install of the skeleton is kept while the skeleton and
// yarn.lock stay the same (it takes a few minutes).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NATIVE, log, run, yarnJs } from './options.mjs';

/** The sha-256 of every file under `dir` (paths and contents, in order), 12 hex digits. */
function hashOf(dir, extra) {
  const hash = crypto.createHash('sha256').update(extra);
  const visit = folder => {
    for (const entry of fs
      .readdirSync(folder, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else hash.update(path.relative(dir, full)).update(fs.readFileSync(full));
    }
  };
  visit(dir);
  return hash.digest('hex').slice(0, 12);
}

/**
 * Builds the copy's backend and lays it out as a production install in `<copy>/.production`:
 * the skeleton's production dependencies (`yarn workspaces focus --all --production`), the
 * bundle, the config and the examples the config points at. Returns the folder of the backend
 * package, to start with `node .` and NODE_ENV=production.
 */
export function productionBackend(copy) {
  log(`building the copy's backend for production (yarn build:backend)`);
  run(process.execPath, [yarnJs, 'build:backend'], copy);
  const dist = path.join(copy, 'packages/backend/dist');
  const prod = path.join(copy, '.production');
  const skeleton = path.join(copy, '.skeleton');
  fs.rmSync(skeleton, { recursive: true, force: true });
  fs.mkdirSync(skeleton);
  run('tar', ['xzf', path.join(dist, 'skeleton.tar.gz'), '-C', skeleton], copy);
  const key = hashOf(skeleton, fs.readFileSync(path.join(copy, 'yarn.lock')));
  const installed = path.join(prod, '.installed');
  if (!fs.existsSync(installed) || fs.readFileSync(installed, 'utf8') !== key) {
    log(
      'installing the production dependencies of the skeleton (a few minutes)',
    );
    fs.rmSync(prod, { recursive: true, force: true });
    fs.mkdirSync(prod);
    for (const file of ['.yarn', '.yarnrc.yml', 'yarn.lock', 'package.json']) {
      fs.cpSync(path.join(copy, file), path.join(prod, file), {
        recursive: true,
      });
    }
    fs.cpSync(skeleton, prod, { recursive: true });
    try {
      run(
        process.execPath,
        [yarnJs, 'workspaces', 'focus', '--all', '--production'],
        prod,
      );
    } catch (error) {
      // As in the copy: the native rebuilds fail offline; their build/ folders are copied below.
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
      if (!/build failed|couldn't be built/i.test(output)) {
        throw new Error(
          `the production install failed:\n${output.slice(-4000)}`,
        );
      }
    }
    for (const name of NATIVE) {
      const from = path.join(copy, 'node_modules', name, 'build');
      const to = path.join(prod, 'node_modules', name, 'build');
      if (fs.existsSync(from) && fs.existsSync(path.dirname(to))) {
        fs.rmSync(to, { recursive: true, force: true });
        fs.cpSync(from, to, { recursive: true });
      }
    }
    fs.writeFileSync(installed, key);
  } else {
    log(`reusing the production install in ${prod}`);
  }
  fs.rmSync(skeleton, { recursive: true, force: true });
  run('tar', ['xzf', path.join(dist, 'bundle.tar.gz'), '-C', prod], copy);
  fs.copyFileSync(
    path.join(copy, 'app-config.yaml'),
    path.join(prod, 'app-config.yaml'),
  );
  // app-config.yaml names its catalog and metrics files from packages/backend: ../../examples.
  fs.rmSync(path.join(prod, 'examples'), { recursive: true, force: true });
  fs.cpSync(path.join(copy, 'examples'), path.join(prod, 'examples'), {
    recursive: true,
  });
  return path.join(prod, 'packages/backend');
}
