// Wires the suite into a new Backstage app exactly as README.md's "Install in your Backstage"
// section says: the packages it names, its `backend.add(…)` lines, its app-config block.
//   node scripts/install-into-app.mjs <app folder> <resolutions JSON: package name → file:tarball>
// (scripts/verify-install.sh calls it; the README is the one source of the lines.)
import fs from 'node:fs';
import path from 'node:path';

const [app, resolutionsJson] = process.argv.slice(2);
const resolutions = JSON.parse(resolutionsJson);
const readme = fs.readFileSync(
  path.resolve(import.meta.dirname, '..', 'README.md'),
  'utf8',
);
const start = readme.indexOf('## Install in your Backstage');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
if (start < 0)
  throw new Error('README.md has no "Install in your Backstage" section');

/** The code blocks of the section that follow a line containing `marker`. */
function blockAfter(marker) {
  const at = section.indexOf(marker);
  if (at < 0) throw new Error(`README's install section has no "${marker}"`);
  const match = /```\w*\n([\s\S]*?)```/.exec(section.slice(at));
  return match[1];
}

const json = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const write = (file, value) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

// Packages: `yarn --cwd packages/backend add …` / `yarn --cwd packages/app add …` lines.
const adds = blockAfter('Add the packages');
for (const [, where, names] of adds.matchAll(
  /yarn --cwd (packages\/\w+) add ([^\n]+)/g,
)) {
  const file = path.join(app, where, 'package.json');
  const manifest = json(file);
  for (const name of names.trim().split(/\s+/)) {
    if (!resolutions[name]) throw new Error(`README names ${name}, not packed`);
    manifest.dependencies[name] = resolutions[name];
  }
  write(file, manifest);
}
const root = json(path.join(app, 'package.json'));
root.resolutions = { ...root.resolutions, ...resolutions };
write(path.join(app, 'package.json'), root);

// The backend's lines, before `backend.start()`.
const lines = blockAfter('packages/backend/src/index.ts')
  .split('\n')
  .filter(line => line.startsWith('backend.add('));
const index = path.join(app, 'packages/backend/src/index.ts');
const source = fs.readFileSync(index, 'utf8');
if (!source.includes('backend.start();')) throw new Error('no backend.start()');
fs.writeFileSync(
  index,
  source.replace('backend.start();', `${lines.join('\n')}\n\nbackend.start();`),
);

// The configuration: the groups under app.extensions, the sources at the end of app-config.yaml.
const configFile = path.join(app, 'app-config.yaml');
let config = fs.readFileSync(configFile, 'utf8');
const extensions = /^ {2}extensions:\s*\n/m.exec(config);
if (!extensions)
  throw new Error("the app's app-config.yaml has no app.extensions");
const groups = blockAfter('Under `app.extensions`')
  .split('\n')
  .map(line => (line ? `    ${line}` : line))
  .join('\n');
config =
  config.slice(0, extensions.index + extensions[0].length) +
  groups +
  config.slice(extensions.index + extensions[0].length);
config += `\n${blockAfter('at the end of `app-config.yaml`')}`;
fs.writeFileSync(configFile, config);
console.log(
  `wired: ${Object.keys(resolutions).length} packages, ${
    lines.length
  } backend lines`,
);
