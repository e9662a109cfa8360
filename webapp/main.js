// The app: wiring, the hash router, the connection status and the offline queue's life cycle.
// Screens are custom elements (today.js, habit-page.js, habit-form.js, progress.js, settings.js,
// auth.js) in the light DOM, each given the app object before it is attached.
import { Api, NetworkError } from './api.js';
import { h, plural } from './dom.js';
import { localToday } from './dates.js';
import { OfflineQueue, queueKey } from './queue.js';
import { Session } from './session.js';
import { LocalStore, todayKey } from './store.js';
import { Sync } from './sync.js';
import './auth.js';
import './habit-form.js';
import './habit-page.js';
import './progress.js';
import './settings.js';
import './today.js';

const ROUTES = [
  { pattern: /^#\/login$/, tag: 'hd-login', open: true },
  { pattern: /^#\/signup$/, tag: 'hd-signup', open: true },
  { pattern: /^#\/today$/, tag: 'hd-today', nav: 'Today' },
  { pattern: /^#\/habits\/new$/, tag: 'hd-habit-form', nav: 'Today' },
  { pattern: /^#\/habits\/archived$/, tag: 'hd-archived', nav: 'Today' },
  { pattern: /^#\/habits\/([^/]+)\/edit$/, tag: 'hd-habit-form', nav: 'Today' },
  { pattern: /^#\/habits\/([^/]+)$/, tag: 'hd-habit', nav: 'Today' },
  { pattern: /^#\/progress$/, tag: 'hd-progress', nav: 'Progress' },
  { pattern: /^#\/settings$/, tag: 'hd-settings', nav: 'Settings' },
];
const NAV = [['Today', '#/today'], ['Progress', '#/progress'], ['Settings', '#/settings']];

class App {
  constructor() {
    this.store = new LocalStore(localStorage);
    this.session = new Session({ store: this.store });
    this.api = new Api({ session: this.session, onReachable: () => this.reachable() });
    this.main = document.getElementById('main');
    this.nav = document.getElementById('nav');
    this.statusRegion = document.getElementById('status');
    this.noticeRegion = document.getElementById('notice');
    this.queue = null;
    this.sync = null;
    this.expiredQueueUser = null;  // whose changes wait for a new log-in
    this.unreachable = false;
  }

  start() {
    if ('serviceWorker' in navigator) {
      // A new worker taking over a page that already had one brings new files: say so.
      const hadWorker = Boolean(navigator.serviceWorker.controller);
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (hadWorker) this.notice('A new version of habitd is ready: reload the page to use it.');
      });
      navigator.serviceWorker.register('/app/sw.js', { scope: '/' }).catch(() => {});
    }
    this.session.on('expired', (user) => {
      this.expiredQueueUser = user?.id ?? null;
      this.expiredUsername = user?.username ?? '';
      this.notice('Your session has ended. Log in again; changes waiting on this device are kept.');
      this.go('#/login');
    });
    window.addEventListener('online', () => {
      this.unreachable = false;
      this.updateStatus();
      this.flush();
      this.session.revokeLeftovers();
    });
    window.addEventListener('offline', () => this.updateStatus());
    window.addEventListener('hashchange', () => this.route());
    // Another tab queued or sent something: show it here too.
    window.addEventListener('storage', (event) => {
      if (this.queue && event.key === this.queue.key) this.queueChanged();
    });
    document.querySelector('.skip-link').addEventListener('click', (event) => {
      event.preventDefault();
      this.main.focus();
    });
    if (this.session.user) this.useQueue(this.session.user.id);
    this.route();
    this.flush();
    if (navigator.onLine) this.session.revokeLeftovers();
  }

  get user() {
    return this.session.user;
  }

  // --- signing in and out ----------------------------------------------------------------------
  async signedIn(user) {
    this.expiredQueueUser = null;
    this.expiredUsername = '';
    this.useQueue(user.id);
    this.go('#/today');
    this.flush();
  }

  async logOut() {
    await this.flush();
    await this.session.logout();
    if (this.user === null && this.queue && !this.queue.size) this.store.remove(todayKey(this.queue.userId));
    this.queue = null;
    this.sync = null;
    this.updateStatus();
    this.go('#/login');
  }

  useQueue(userId) {
    if (this.queue?.userId === userId) return;
    this.queue = new OfflineQueue(localStorage, userId);
    this.queue.subscribe(() => this.queueChanged());
    this.sync = new Sync({
      queue: this.queue,
      api: this.api,
      onDropped: (op, answer) => this.notice(`A change could not be saved: ${answer.body?.detail ?? `the server answered ${answer.status}`}`),
      onSent: (op) => this.main.firstElementChild?.sent?.(op),
    });
    this.updateStatus();
  }

  queueChanged() {
    this.updateStatus();
    this.main.firstElementChild?.queueChanged?.();
  }

  // --- changes to logs, through the queue ----------------------------------------------------------
  change(kind, habitId, date, body) {
    if (!this.queue) return;
    this.queue.add({ kind, habitId, date, body });
    this.flush();
  }

  async flush() {
    if (!this.sync || !this.session.signedIn || !navigator.onLine || !this.queue.size) return;
    const result = await this.sync.flush().catch(() => 'retry');
    if (result === 'offline' && navigator.onLine) this.serverUnreachable();
    this.updateStatus();
    if (result === 'idle') this.main.firstElementChild?.synced?.();
  }

  // The device is online but the server does not answer: say so, and ask again in a while.
  serverUnreachable() {
    this.unreachable = true;
    clearTimeout(this.reachTimer);
    this.reachTimer = setTimeout(() => {
      fetch('/healthz', { cache: 'no-store' }).then(() => this.reachable(), () => this.serverUnreachable());
    }, 15_000);
  }

  // The server answered something: it is reachable again; send what waits, refresh the screen.
  reachable() {
    if (!this.unreachable) return;
    this.unreachable = false;
    clearTimeout(this.reachTimer);
    this.updateStatus();
    this.flush();
    this.main.firstElementChild?.synced?.();
  }

  // --- what the person is told -------------------------------------------------------------------
  updateStatus() {
    const waiting = this.queue?.size ?? (this.expiredQueueUser ? this.queueSizeOf(this.expiredQueueUser) : 0);
    const changes = plural(waiting, 'change');
    let text = '';
    if (!navigator.onLine) text = `Offline · ${changes} waiting`;
    else if (!this.session.signedIn && waiting) text = `${changes} waiting · log in to send`;
    else if (this.unreachable) text = `Cannot reach the server · ${changes} waiting`;
    else if (waiting) text = `Syncing ${changes}…`;
    if (this.statusRegion.textContent !== text) this.statusRegion.textContent = text;
    document.body.classList.toggle('is-offline', !navigator.onLine);
  }

  queueSizeOf(userId) {
    return (this.store.get(queueKey(userId), []) ?? []).length;
  }

  notice(message) {
    this.noticeRegion.textContent = message;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => { this.noticeRegion.textContent = ''; }, 10_000);
  }

  // Marks a failed call: no connection is shown in the status, anything else is for the screen.
  networkFailed(error) {
    if (!(error instanceof NetworkError)) return false;
    if (navigator.onLine) this.serverUnreachable();
    this.updateStatus();
    return true;
  }

  today() {
    return localToday(this.user?.timezone ?? 'UTC', this.user?.day_start ?? '00:00');
  }

  // --- screens -----------------------------------------------------------------------------------
  go(hash) {
    if (location.hash === hash) this.route();
    else location.hash = hash;
  }

  route() {
    const hash = location.hash || '#/today';
    if (!hash.startsWith('#/')) return;  // an in-page anchor, not a screen
    const route = ROUTES.find((r) => r.pattern.test(hash));
    if (!route) return this.go('#/today');
    if (!route.open && !this.session.signedIn) return this.go('#/login');
    if (route.open && this.session.signedIn) return this.go('#/today');
    const screen = document.createElement(route.tag);
    screen.app = this;
    screen.params = hash.match(route.pattern).slice(1);
    this.renderNav(route.nav);
    this.main.replaceChildren(screen);
    const heading = this.main.querySelector('h1');
    if (heading && this.routed) {
      heading.tabIndex = -1;
      heading.focus();
    }
    this.routed = true;
    this.updateStatus();
  }

  setTitle(title) {
    document.title = `${title} · habitd`;
  }

  renderNav(current) {
    if (!current) {
      this.nav.replaceChildren();
      return;
    }
    this.nav.replaceChildren(h('ul', null, NAV.map(([name, href]) =>
      h('li', null, h('a', { href, 'aria-current': name === current ? 'page' : null }, name)))));
  }
}

const app = new App();
window.habitd = app;  // for the browser test and for curious people in the console
app.start();
