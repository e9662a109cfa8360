// Today: every habit due or open today, from GET /api/v1/today, with the offline queue laid over
// it. Rows are patched in place, never rebuilt, so focus and half-typed text survive a sync.
import { ApiError } from './api.js';
import { alertBox, h, setAlert, streakBadge, uniqueId } from './dom.js';
import { longDate } from './dates.js';
import { todayKey } from './store.js';
import { applyChange, applyQueue, describe, rollForward } from './today-model.js';

class TodayRow {
  constructor(app, item) {
    this.app = app;
    this.habitId = item.habit.id;
    const id = uniqueId('habit');
    this.checkbox = h('input', { type: 'checkbox', class: 'done', id: `${id}-done`, onchange: () => this.toggle() });
    this.link = h('a', { class: 'habit-name', href: `#/habits/${encodeURIComponent(item.habit.id)}` });
    this.meta = h('p', { class: 'meta' });
    this.badge = h('span');
    this.amountLabel = h('label', { for: `${id}-amount`, class: 'sr-only' });
    this.amount = h('input', { type: 'number', id: `${id}-amount`, min: '0', step: 'any', inputmode: 'decimal', class: 'amount',
                               onchange: () => this.amountChanged() });
    this.unit = h('span', { class: 'unit', 'aria-hidden': 'true' });
    this.amountBox = h('div', { class: 'amount-box' }, this.amountLabel, this.amount, this.unit);
    this.skipButton = h('button', { type: 'button', class: 'small', onclick: () => this.skip() });
    this.noteLabel = h('label', { for: `${id}-note` });
    this.note = h('textarea', { id: `${id}-note`, rows: '2', maxlength: '1000' });
    this.summary = h('summary');
    this.more = h('details', { class: 'more' }, this.summary,
      h('div', { class: 'more-body' },
        this.skipButton,
        h('form', { class: 'note-form', onsubmit: (event) => { event.preventDefault(); this.saveNote(); } },
          this.noteLabel, this.note, h('button', { type: 'submit', class: 'small' }, 'Save note'))));
    this.el = h('li', { class: 'habit-row' },
      h('div', { class: 'row-main' }, this.checkbox, h('div', { class: 'row-text' }, this.link, this.meta), this.badge),
      this.amountBox, this.more);
    this.update(item);
  }

  update(item) {
    this.item = item;
    const { habit } = item;
    const numeric = item.period.goal != null;
    this.checkbox.checked = item.status === 'completed';
    this.checkbox.setAttribute('aria-label', `Done: ${habit.name}`);
    this.link.textContent = habit.name;
    this.meta.textContent = describe(item);
    const badge = streakBadge(habit.current_streak);
    if (this.badge.getAttribute('aria-label') !== badge.getAttribute('aria-label')) {
      this.badge.replaceWith(badge);
      this.badge = badge;
    }
    this.el.classList.toggle('is-done', item.status === 'completed');
    this.el.classList.toggle('is-skipped', item.status === 'skipped');
    this.el.classList.toggle('not-due', !item.due);
    this.amountBox.hidden = !numeric;
    this.amountLabel.textContent = `Amount for ${habit.name}`;
    this.unit.textContent = habit.unit ?? '';
    if (document.activeElement !== this.amount) this.amount.value = item.log?.status === 'completed' ? (item.log.amount ?? '') : '';
    this.summary.textContent = 'More';
    this.summary.setAttribute('aria-label', `More for ${habit.name}`);
    this.skipButton.textContent = item.status === 'skipped' ? 'Undo skip' : 'Skip today';
    this.skipButton.setAttribute('aria-label', `${item.status === 'skipped' ? 'Undo skip' : 'Skip today'}: ${habit.name}`);
    this.noteLabel.textContent = `Note for ${habit.name}`;
    if (document.activeElement !== this.note) this.note.value = item.log?.notes ?? '';
  }

  get date() {
    return this.app.todayScreen.date;
  }

  toggle() {
    const { item } = this;
    if (this.checkbox.checked) {
      const body = {};
      if (item.period.goal != null) body.amount = this.amount.value === '' ? item.period.goal : Number(this.amount.value);
      const note = this.note.value.trim();
      if (note) body.notes = note;
      // A skipped day turns into a done one; anything else is a new log.
      if (item.status === 'skipped') this.app.change('edit', item.habit.id, this.date, { status: 'completed', ...body });
      else this.app.change('log', item.habit.id, this.date, body);
    } else {
      this.app.change('unlog', item.habit.id, this.date);
    }
  }

  amountChanged() {
    const { item } = this;
    if (this.amount.value === '') {
      if (item.status === 'completed') this.app.change('unlog', item.habit.id, this.date);
      return;
    }
    const amount = Number(this.amount.value);
    if (!(amount >= 0)) return;
    if (item.status === 'completed') this.app.change('edit', item.habit.id, this.date, { amount });
    else if (item.status === 'skipped') this.app.change('edit', item.habit.id, this.date, { status: 'completed', amount });
    else this.app.change('log', item.habit.id, this.date, { amount });
  }

  skip() {
    const { item } = this;
    if (item.status === 'skipped') this.app.change('unlog', item.habit.id, this.date);
    else if (item.status === 'completed') this.app.change('edit', item.habit.id, this.date, { status: 'skipped' });
    else this.app.change('log', item.habit.id, this.date, { status: 'skipped' });
  }

  saveNote() {
    const { item } = this;
    const notes = this.note.value.trim() || null;
    if (item.log) this.app.change('edit', item.habit.id, this.date, { notes });
    else if (notes) {
      const body = { notes };
      if (item.period.goal != null) body.amount = 0;
      this.app.change('log', item.habit.id, this.date, body);
    }
    this.app.notice('Note saved.');
  }
}

class TodayScreen extends HTMLElement {
  connectedCallback() {
    this.app.setTitle('Today');
    this.app.todayScreen = this;
    this.rows = new Map();
    this.base = null;  // the server's answer (or the cached one)
    this.list = h('ul', { class: 'habits', 'aria-labelledby': 'today-heading' });
    this.dateLine = h('p', { class: 'lead' });
    this.empty = h('div', { class: 'empty card', hidden: true },
      h('p', null, 'No habits yet. What would you like to do every day, week or month?'),
      h('a', { href: '#/habits/new', class: 'button-link primary' }, 'Create your first habit'));
    this.alert = alertBox();
    setAlert(this.alert, '');
    this.replaceChildren(
      h('div', { class: 'screen-head' },
        h('div', null, h('h1', { id: 'today-heading' }, 'Today'), this.dateLine),
        h('a', { href: '#/habits/new', class: 'button-link primary' }, 'New habit')),
      this.alert, this.list, this.empty,
      h('p', { class: 'archived-link' }, h('a', { href: '#/habits/archived' }, 'Archived habits')));
    const cached = this.app.store.get(todayKey(this.app.user.id));
    if (cached?.body) this.show(rollForward(cached.body, this.app.today()));
    this.load();
  }

  disconnectedCallback() {
    if (this.app.todayScreen === this) this.app.todayScreen = null;
  }

  get date() {
    return this.base?.date ?? this.app.today();
  }

  // The server's Today, asked for with the ETag of the copy on this device: while nothing
  // changed, the answer is a 304 with no body and the copy stands.
  async load() {
    try {
      const key = todayKey(this.app.user.id);
      const cached = this.app.store.get(key);
      const answer = await this.app.api.send({ path: '/api/v1/today', ifNoneMatch: cached?.etag });
      if (answer.status === 304 && cached?.body) {
        this.show(cached.body);
      } else if (answer.status === 200) {
        this.app.store.set(key, { etag: answer.headers.get('etag'), body: answer.body });
        this.show(answer.body);
      } else {
        throw new ApiError(answer.status, answer.body);
      }
      performance.mark('habitd-today-fresh');
    } catch (error) {
      if (this.app.networkFailed(error)) {
        if (!this.base) setAlert(this.alert, 'You are offline and this device has no copy of Today yet.');
        return;
      }
      if (error.name !== 'SessionExpired') setAlert(this.alert, error instanceof ApiError ? error.message : String(error));
    }
  }

  queueChanged() {
    if (this.base) this.show(this.base);
  }

  // The server took a change: it is part of what the server holds now, until its next answer.
  sent(op) {
    if (this.base) this.base = applyChange(this.base, op, false);
  }

  // Everything waiting reached the server: ask it for the true figures.
  synced() {
    this.load();
  }

  show(base) {
    this.base = base;
    const view = applyQueue(base, this.app.queue?.items ?? []);
    this.dateLine.textContent = longDate(view.date);
    const seen = new Set();
    view.items.forEach((item, index) => {
      seen.add(item.habit.id);
      let row = this.rows.get(item.habit.id);
      if (row) row.update(item);
      else {
        row = new TodayRow(this.app, item);
        this.rows.set(item.habit.id, row);
      }
      if (this.list.children[index] !== row.el) this.list.insertBefore(row.el, this.list.children[index] ?? null);
    });
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.el.remove();
        this.rows.delete(id);
      }
    }
    this.empty.hidden = view.items.length > 0;
    if (!performance.getEntriesByName('habitd-today').length) performance.mark('habitd-today');
  }
}

customElements.define('hd-today', TodayScreen);
