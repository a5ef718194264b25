// Sums the <Counters> of every TRX file under a folder and prints "N passed, N failed, N skipped".
// Exits 1 when any test failed or no results were found.
const fs = require('fs');
const path = require('path');

const folder = process.argv[2];
const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.trx')) files.push(full);
  }
};
if (fs.existsSync(folder)) walk(folder);

let passed = 0, failed = 0, skipped = 0;
for (const file of files) {
  const xml = fs.readFileSync(file, 'utf8');
  const counters = /<Counters\s([^>]*)\/>/.exec(xml);
  if (!counters) continue;
  const attr = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(counters[1]) || [0, 0])[1]);
  passed += attr('passed');
  failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  skipped += attr('notExecuted') + attr('inconclusive');
}

if (files.length === 0) {
  console.log('0 passed, 1 failed (no test results were written)');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
