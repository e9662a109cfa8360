// The API reference at /docs (Swagger UI, embedded in habitd) in headless Chromium, run by
// scripts/browser-test:
//   node docs_page_test.mjs HABITD_BINARY ARTIFACT_DIR NODE_MODULES CHROMIUM
// As an app developer would use it: the page renders the server's document, axe-core finds no
// serious or critical violation, Authorize takes an access token, "Try it out" runs an operation
// with it against the server, a schema opens with its properties, and a deep link
// (/docs#/Tag/operationId) opens its operation. Throughout, nothing reaches another host, the
// Content-Security-Policy blocks nothing and the console shows no error. Screenshots go to
// ARTIFACT_DIR/docs/.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { TestFailure, axeCheck, check, eventually, expect, launchChromium, logger, startHabitd, watchPage } from './support.mjs';

const args = process.argv.slice(2);
if (args.length !== 4) {
  console.error('usage: docs_page_test.mjs HABITD_BINARY ARTIFACT_DIR NODE_MODULES CHROMIUM');
  process.exit(2);
}
const [habitdBinary, artifactRoot, nodeModules, chromiumPath] = args.map((arg) => path.resolve(arg));
const artifactDir = path.join(artifactRoot, 'docs');
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(nodeModules, 'playwright-core'));
const axeSource = fs.readFileSync(path.join(nodeModules, 'axe-core', 'axe.min.js'), 'utf8');
const STEP_TIMEOUT_MS = 30_000;
const OVERALL_TIMEOUT_MS = 240_000;  // below ctest's TIMEOUT 300, so the clean-up still runs
const log = logger('docs');

fs.mkdirSync(artifactDir, { recursive: true });
for (const stale of fs.readdirSync(artifactDir)) fs.rmSync(path.join(artifactDir, stale), { force: true, recursive: true });

let server = null;
let context = null;
let page = null;

async function call(origin, method, pathname, body) {
  const response = await fetch(origin + pathname, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function axe(name) {
  await axeCheck(page, axeSource, log, name);
  log(`axe (${name}): no serious or critical violation`);
}

async function run() {
  server = await startHabitd(habitdBinary);
  const origin = `http://127.0.0.1:${server.port}`;
  log(`habitd listening on ${origin}`);

  // An account to authorize with, made through the API.
  const user = { username: `docs_${Date.now()}`, password: 'correct horse battery' };
  const registered = await call(origin, 'POST', '/api/v1/auth/register', { email: `${user.username}@example.com`, ...user });
  check(registered.status === 201, `register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const login = await call(origin, 'POST', '/api/v1/auth/login', { login: user.username, password: user.password });
  check(login.status === 200, `login: ${login.status}`);
  const token = login.body.access_token;

  context = await launchChromium(chromium, chromiumPath, fs.mkdtempSync(path.join(server.workDir, 'profile-')), { width: 1280, height: 900 });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const guard = await watchPage(context, origin);
  page = context.pages()[0] ?? await context.newPage();
  guard.watch(page);

  // 1. The page renders the server's own document.
  const loaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/openapi.json');
  await page.goto(`${origin}/docs`);
  await loaded;
  await expect(page.locator('.swagger-ui .info .title')).toContainText('habitd');
  const operations = await eventually(async () => {
    const count = await page.locator('.opblock').count();
    return count > 20 ? count : 0;
  }, (count) => `only ${count} operations rendered`);
  log(`Swagger UI rendered ${operations} operations`);
  const policy = (await page.request.get(`${origin}/docs`)).headers()['content-security-policy'] ?? '';
  check(policy.includes("script-src 'self'") && !policy.includes('unsafe-inline') && !policy.includes('unsafe-eval'),
    `the page's policy is not strict: ${policy}`);
  const inlineScripts = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length);
  check(inlineScripts === 0, `${inlineScripts} inline scripts on the page`);
  await axe('the reference');
  await page.screenshot({ path: path.join(artifactDir, 'docs-page.png') });

  // 2. Authorize with the access token.
  await page.click('.auth-wrapper .authorize');
  const dialog = page.locator('.dialog-ux .modal-ux');
  await expect(dialog).toBeVisible();
  const bearer = dialog.locator('.auth-container').filter({ hasText: 'bearerAuth' });
  await bearer.locator('input').fill(token);
  await bearer.locator('button', { hasText: 'Authorize' }).click();
  await expect(bearer.locator('button', { hasText: 'Logout' })).toBeVisible();
  await axe('the Authorize dialog');
  await dialog.locator('button.close-modal').click();
  await dialog.waitFor({ state: 'detached' });
  log('authorized with the access token');

  // 3. Try an operation: GET /api/v1/users/me answers with the account, sent with the token.
  const me = page.locator('#operations-Users-getCurrentUser');
  await me.locator('.opblock-summary-control').click();
  await expect(me.locator('button.try-out__btn')).toBeVisible();
  await me.locator('button.try-out__btn').click();
  await expect(me.locator('button.execute')).toBeVisible();
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/users/me' && r.request().method() === 'GET');
  await me.locator('button.execute').click();
  const response = await answered;
  check(response.request().headers().authorization === `Bearer ${token}`, 'Try it out did not send the authorized token');
  check(response.status() === 200, `Try it out: GET /api/v1/users/me answered ${response.status()}`);
  await expect(me.locator('.live-responses-table tbody .response-col_status').first()).toContainText('200');
  await expect(me.locator('.live-responses-table tbody .response-col_description').first()).toContainText(user.username);
  await axe('an operation tried out');
  await page.screenshot({ path: path.join(artifactDir, 'docs-try-it-out.png'), fullPage: false });
  log('tried GET /api/v1/users/me: 200 with the account');

  // 4. Open a schema: the Habit schema (an OpenAPI 3.1 JSON Schema) shows its properties.
  const models = page.locator('section.models');
  await models.scrollIntoViewIfNeeded();
  if (!(await models.evaluate((node) => node.classList.contains('is-open')))) await models.locator('button.models-control').click();
  const habit = models.locator('article.json-schema-2020-12').filter({
    has: page.locator(':scope > .json-schema-2020-12-head .json-schema-2020-12__title', { hasText: /^Habit$/ }),
  });
  await expect(habit).toHaveCount(1);
  await habit.scrollIntoViewIfNeeded();
  await habit.locator(':scope > .json-schema-2020-12-head button.json-schema-2020-12-accordion').click();
  await expect(habit).toContainText('current_streak');
  await expect(habit).toContainText('longest_streak');
  await axe('a schema opened');
  await habit.screenshot({ path: path.join(artifactDir, 'docs-schema.png') });
  log('opened the Habit schema: its properties show');

  // 5. A deep link, opened in a new tab, opens its operation.
  const first = page;
  page = await context.newPage();
  guard.watch(page);
  await page.goto(`${origin}/docs#/Habits/createHabit`);
  const linked = page.locator('#operations-Habits-createHabit');
  await eventually(() => linked.evaluate((node) => node.classList.contains('is-open')), () => 'the deep link did not open createHabit');
  await expect(linked).toContainText('Request body');
  await page.screenshot({ path: path.join(artifactDir, 'docs-deep-link.png') });
  log('the deep link /docs#/Habits/createHabit opened its operation');

  for (const tab of [first, page]) {
    const violations = await guard.cspViolations(tab);
    check(violations.length === 0, `Content-Security-Policy violations:\n${violations.join('\n')}`);
  }
  check(guard.problems.foreign.length === 0, `requests to other hosts:\n${guard.problems.foreign.join('\n')}`);
  check(guard.problems.console.length === 0, `console errors:\n${guard.problems.console.join('\n')}`);
  check(guard.problems.failed.length === 0, `failed responses:\n${guard.problems.failed.join('\n')}`);
  log('no CSP violation, no request to another host, no console error');
}

const overall = setTimeout(() => {
  console.error(`docs-page: FAIL: still running after ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

let failure = null;
try {
  await run();
} catch (error) {
  failure = error;
  if (page) await page.screenshot({ path: path.join(artifactDir, 'docs-page-failure.png'), fullPage: true }).catch(() => {});
} finally {
  if (context) await context.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  clearTimeout(overall);
}
if (failure) {
  console.error(`docs-page: FAIL: ${failure instanceof TestFailure ? failure.message : failure.stack}`);
  if (server) fs.writeFileSync(path.join(artifactDir, 'habitd.log'), server.log());
  process.exit(1);
}
console.log('docs-page: PASS');
