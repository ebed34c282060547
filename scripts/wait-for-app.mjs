// Waits until the backend's health route and the frontend answer (at most 10 minutes),
// or fails as soon as the app's process (pid in argv) has exited.
const [pid] = process.argv.slice(2);
const urls = [
  'http://localhost:7007/api/finops/health',
  'http://localhost:3000/',
];
const ok = async url => (await fetch(url).catch(() => undefined))?.ok === true;
const alive = () => {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
};

const deadline = Date.now() + 10 * 60_000;
while (Date.now() < deadline) {
  if ((await Promise.all(urls.map(ok))).every(Boolean)) {
    process.exit(0);
  }
  if (pid && !alive()) {
    console.error('the app exited before it was up');
    process.exit(1);
  }
  await new Promise(resolve => setTimeout(resolve, 1000));
}
console.error('the app was not up after 10 minutes');
process.exit(1);
