// What the browser tests share: a throw-away habitd on a free port, a headless Chromium that can
// reach nothing but it, and a record of what the page did wrong (console errors, CSP violations,
// failed requests, requests to other hosts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class TestFailure extends Error {}

export function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

export function logger(name) {
  const started = Date.now();
  return (message) => console.log(`[${name} ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

// Starts habitd with a fresh SQLite database; resolves to { port, stop(), log() }.
export function startHabitd(binary, extraEnv = {}) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'habitd-browser-'));
  let output = '';
  const child = spawn(binary, [], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HABITS_PORT: '0',
      HABITS_BIND: '127.0.0.1',
      HABITS_DATABASE_URL: `sqlite:${path.join(workDir, 'h.db')}`,
      HABITS_JWT_SECRET: 'browser-test-secret-browser-test-secret-0123',
      HABITS_BCRYPT_COST: '4',
      ...extraEnv,
    },
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TestFailure(`habitd did not log "listening" within 60 s:\n${output}`)), 60_000);
    let pending = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'listening' && entry.port) {
            clearTimeout(timer);
            resolve({ port: Number(entry.port), stop, log: () => output, workDir });
          }
        } catch { /* not a JSON log line */ }
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => { clearTimeout(timer); reject(new TestFailure(`cannot start ${binary}: ${error.message}`)); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new TestFailure(`habitd exited during start-up (code ${code}, signal ${signal}):\n${output}`));
    });
  });
}

// A persistent profile (service workers and storage behave as in a real browser), flags that keep
// Chromium off the network, and a resolver that knows nothing but 127.0.0.1.
export function launchChromium(chromium, executablePath, profileDir, viewport) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport,
    timeout: 60_000,
    acceptDownloads: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

// Records what must not happen. `allow(kind, text)` lets a step excuse what it causes on purpose.
export async function watchPage(context, origin) {
  const problems = { foreign: [], console: [], failed: [] };
  const excuses = [];
  const excused = (kind, text) => excuses.some((e) => e.kind === kind && e.pattern.test(text));
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) problems.foreign.push(`${request.method()} ${url}`);
  });
  context.on('response', (response) => {
    const text = `${response.status()} ${response.request().method()} ${response.url()}`;
    if (response.status() >= 400 && !excused('response', text)) problems.failed.push(text);
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  const watch = (page) => {
    page.on('console', (message) => {
      const text = `${message.text()} (${message.location().url || 'no location'})`;
      if (message.type() === 'error' && !excused('console', text)) problems.console.push(text);
    });
    page.on('pageerror', (error) => problems.console.push(`uncaught exception: ${error.message}`));
  };
  return {
    problems,
    watch,
    // Excuses matching console errors or failed responses while `fn` runs.
    async excusing(kind, pattern, fn) {
      const excuse = { kind, pattern };
      excuses.push(excuse);
      try {
        return await fn();
      } finally {
        excuses.splice(excuses.indexOf(excuse), 1);
      }
    },
    async cspViolations(page) {
      return page.evaluate(() => window.__cspViolations ?? []);
    },
  };
}

// Waits until `probe()` returns a truthy value (polling), or fails with `message(last value)`.
export async function eventually(probe, message, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error.message;
    }
    if (Date.now() > deadline) throw new TestFailure(message(last));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The few web-first assertions these tests use (playwright-core has no `expect`): each polls the
// locator until it holds.
export function expect(locator) {
  const text = async () => (await locator.textContent()) ?? '';
  return {
    toBeVisible: () => locator.waitFor({ state: 'visible' }).catch((error) => { throw new TestFailure(`not visible: ${locator}\n${error.message}`); }),
    toHaveText: (want) => eventually(async () => (await text()) === want, () => `${locator} never had the text "${want}"`),
    toContainText: (want) => eventually(async () => (await text()).includes(want), () => `${locator} never contained "${want}"`),
    toBeChecked: () => eventually(() => locator.isChecked(), () => `${locator} never got checked`),
    toHaveCount: (count) => eventually(async () => (await locator.count()) === count, () => `${locator} never counted ${count}`),
  };
}

// axe-core on the page as it is now: a serious or critical violation fails, the rest are logged.
export async function axeCheck(page, axeSource, log, name) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 10) }));
  });
  const blocking = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of found.filter((r) => !blocking.includes(r))) log(`axe (${name}): ${v.impact}: ${v.id}: ${v.help} at ${v.nodes.join(', ')}`);
  check(blocking.length === 0, `axe found serious or critical violations on ${name}:\n${JSON.stringify(blocking, null, 2)}`);
}
