// The web app's size budget and the rules its Content-Security-Policy relies on, checked on the
// files themselves (the browser test checks the running page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../webapp');
const files = fs.readdirSync(dir);
const code = files.filter((name) => /\.(js|css)$/.test(name));
const BUDGET = 100 * 1024;

test('all JavaScript and CSS together stay within 100 KB gzipped', () => {
  let raw = 0;
  let gzipped = 0;
  for (const name of code) {
    const bytes = fs.readFileSync(path.join(dir, name));
    raw += bytes.length;
    gzipped += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  console.log(`web app: ${code.length} files, ${(raw / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
  assert.ok(code.length >= 10, `found only ${code.length} files`);
  assert.ok(gzipped <= BUDGET, `${gzipped} bytes gzipped is over the budget of ${BUDGET}`);
});

test('every file of webapp/ is embedded, and nothing else', () => {
  // webapp/package.json only tells Node.js that the .js files are ES modules; it is not served.
  const served = files.filter((name) => name !== 'package.json');
  const cmake = fs.readFileSync(path.resolve(dir, '../cmake/WebApp.cmake'), 'utf8');
  const listed = [...cmake.matchAll(/^\s{2}([\w.-]+\.(?:html|css|js|webmanifest|svg|png))\)?$/gm)].map((m) => m[1]).sort();
  assert.deepEqual(listed, [...served].sort());
});

test('no inline script or style, no eval, no HTML parsing of strings, nothing from another host', () => {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'inline <script>');
  assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/i, 'inline style or handler');
  for (const name of [...code, 'index.html', 'manifest.webmanifest']) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    assert.doesNotMatch(text, /\beval\s*\(|new Function\s*\(|setTimeout\(\s*['"`]/, `${name}: eval`);
    assert.doesNotMatch(text, /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write/, `${name}: HTML from strings`);
    assert.doesNotMatch(text, /\.setAttribute\(\s*['"]style['"]|\.style\s*=|cssText/, `${name}: inline style`);
    const foreign = [...text.matchAll(/https?:\/\/[^\s'"`)]+/g)].map((m) => m[0]).filter((url) => !url.startsWith('http://www.w3.org/2000/svg'));
    assert.deepEqual(foreign, [], `${name}: addresses of other hosts`);
  }
});
