// Every fixture file must be used by a test (STYLE.md §6): this scans the
// package's test files for each fixture's path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const PKG = fileURLToPath(new URL('../../', import.meta.url));

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, out);
    else if (keep(path)) out.push(path);
  }
  return out;
}

t.test('every fixture is referenced by a test', async (t) => {
  const fixtures = walk(join(PKG, 'fixtures'), (p) => !p.endsWith('README.md') && !p.endsWith('.gitattributes')).map((p) =>
    relative(join(PKG, 'fixtures'), p),
  );
  const tests = walk(join(PKG, 'src'), (p) => p.endsWith('.test.ts') && !p.endsWith('fixtures-meta.test.ts'));
  const text = tests.map((p) => readFileSync(p, 'utf8')).join('\n');
  t.ok(fixtures.length >= 63, 'the RFC 4475, RFC 5118 and derived files are present');
  const unreferenced = fixtures.filter((f) => !text.includes(`'${f}'`));
  t.same(unreferenced, [], 'fixtures no test names');
});
