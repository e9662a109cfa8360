// A habit's page: its figures, a year's heat map from the calendar endpoint, the recent days to
// mark, unmark and annotate (through the offline queue), and editing, archiving, deleting. Also
// the list of archived habits.
import { ApiError } from './api.js';
import { alertBox, h, plural, setAlert, streakBadge, uniqueId } from './dom.js';
import { heatMap } from './charts.js';
import { habitFromLastToday } from './store.js';
import { recentDays, shortDate } from './dates.js';
import { scheduleText, weekdaysText } from './habit-model.js';

const RECENT_DAYS = 14;
// A confirmation as an in-page <dialog>: keyboard-reachable and labelled, unlike window.confirm.
export function confirmDialog({ title, text, confirm, extra = null }) {
  return new Promise((resolve) => {
    const id = uniqueId('dialog');
    const dialog = h('dialog', { 'aria-labelledby': `${id}-title`, class: 'dialog' },
      h('h2', { id: `${id}-title` }, title), h('p', null, text), extra,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', onclick: () => dialog.close('yes') }, confirm),
        h('button', { type: 'button', onclick: () => dialog.close('no') }, 'Cancel')));
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'yes'); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

class HabitPage extends HTMLElement {
  connectedCallback() {
    this.habitId = decodeURIComponent(this.params[0]);
    this.year = Number(this.app.today().slice(0, 4));
    // Named at once when the last Today knows the habit, so offline too; "Habit" otherwise.
    const name = habitFromLastToday(this.app.store, this.app.user?.id, this.habitId)?.name ?? 'Habit';
    this.heading = h('h1', null, name);
    this.alert = alertBox();
    setAlert(this.alert, '');
    this.replaceChildren(this.heading, this.alert);
    this.app.setTitle(name);
    this.load();
  }

  async load() {
    try {
      const id = encodeURIComponent(this.habitId);
      const [habit, calendar] = await this.figures();
      const days = recentDays(this.app.today(), RECENT_DAYS, habit.start_date);
      const view = days.length
        ? await this.app.api.get(`/api/v1/habits/${id}/logs?from=${days[0]}&to=${days.at(-1)}`)
        : { days: [] };
      this.render(habit, calendar, view);
    } catch (error) {
      this.failed(error);
    }
  }

  figures() {
    const id = encodeURIComponent(this.habitId);
    return Promise.all([this.app.api.get(`/api/v1/habits/${id}`), this.app.api.get(`/api/v1/habits/${id}/calendar?year=${this.year}`)]);
  }

  failed(error) {
    if (this.app.networkFailed(error)) setAlert(this.alert, 'You are offline: a habit\'s page needs a connection. Today still works offline.');
    else if (error instanceof ApiError && error.status === 404) setAlert(this.alert, 'This habit does not exist (any more).');
    else if (error.name !== 'SessionExpired') setAlert(this.alert, error.message);
  }

  queueChanged() {}

  // The changes made here reached the server: refresh the figures and the heat map, and leave the
  // list of days alone (it already shows them, and the person may be typing a note in it).
  async synced() {
    try {
      const [habit, calendar] = await this.figures();
      this.habit = habit;
      const facts = this.facts(habit);
      this.factsEl.replaceWith(facts);
      this.factsEl = facts;
      const history = this.history(habit, calendar);
      this.historyEl.replaceWith(history);
      this.historyEl = history;
    } catch (error) {
      this.failed(error);
    }
  }

  render(habit, calendar, view) {
    this.habit = habit;
    this.heading.textContent = habit.name;
    this.app.setTitle(habit.name);
    this.factsEl = this.facts(habit);
    this.historyEl = this.history(habit, calendar);
    this.replaceChildren(...[this.heading,
      habit.description ? h('p', { class: 'lead' }, habit.description) : null,
      habit.archived ? h('p', { class: 'badge' }, 'Archived') : null,
      this.alert, this.factsEl, this.recentDays(habit, view), this.historyEl, this.actions(habit)].filter(Boolean));
  }

  facts(habit) {
    const weekdays = weekdaysText(habit.weekdays);
    return h('dl', { class: 'facts' },
      h('div', null, h('dt', null, 'Current streak'), h('dd', null, streakBadge(habit.current_streak))),
      h('div', null, h('dt', null, 'Longest streak'), h('dd', null, String(habit.longest_streak))),
      h('div', null, h('dt', null, 'Completions'), h('dd', null, String(habit.total_completions))),
      h('div', null, h('dt', null, 'Schedule'), h('dd', null, scheduleText(habit), weekdays ? ` · ${weekdays}` : '')),
      habit.target_progress ? h('div', null, h('dt', null, 'Target'),
        h('dd', null, `${habit.target_progress.completed_periods} of ${habit.target_progress.target} (${habit.target_progress.percent}%)`)) : null,
      habit.reminders?.length ? h('div', null, h('dt', null, 'Reminders'), h('dd', null, habit.reminders.join(', '))) : null,
      h('div', null, h('dt', null, 'Since'), h('dd', null, shortDate(habit.start_date))));
  }

  history(habit, calendar) {
    const year = (delta) => () => { this.year += delta; this.synced(); };
    const thisYear = Number(this.app.today().slice(0, 4));
    return h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
      h('div', { class: 'section-head' }, h('h2', { id: 'history-heading' }, 'History'),
        h('div', { class: 'year-nav' },
          h('button', { type: 'button', class: 'small', onclick: year(-1), disabled: this.year <= Number(habit.start_date.slice(0, 4)) }, 'Previous year'),
          h('button', { type: 'button', class: 'small', onclick: year(1), disabled: this.year >= thisYear }, 'Next year'))),
      heatMap({ year: this.year, levels: calendar.levels, title: `${this.year}: ${plural(calendar.completed_days, 'day')} completed` }));
  }

  // The last days, newest first, to mark, unmark and annotate. Each day's state is kept here as
  // the person changes it, so a note saved after a mark edits that mark's log.
  recentDays(habit, view) {
    const numeric = habit.goal != null;
    const list = h('ul', { class: 'days' }, [...view.days].reverse().map((day) => {
      const label = shortDate(day.date);
      const id = uniqueId('day');
      const change = (kind, body = {}) => {
        this.app.change(kind, habit.id, day.date, body);
        if (kind === 'unlog') day.status = 'none';
        else if (kind === 'log') day.status = body.status ?? 'completed';
        else if (body.status) day.status = body.status;
      };
      const control = numeric
        ? h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal', class: 'amount', id,
                       'aria-label': `Amount on ${label}`, value: day.status === 'completed' ? (day.amount ?? '') : '',
                       onchange: (event) => this.setAmount(day, event.target.value, change) })
        : h('input', { type: 'checkbox', id, 'aria-label': `Done on ${label}`, checked: day.status === 'completed',
                       onchange: (event) => {
                         if (!event.target.checked) change('unlog');
                         else if (day.status === 'skipped') change('edit', { status: 'completed' });
                         else change('log');
                       } });
      const note = h('input', { type: 'text', maxlength: '1000', id: `${id}-note`, value: day.notes ?? '' });
      const noteForm = h('form', { class: 'note-inline', onsubmit: (event) => {
        event.preventDefault();
        const notes = note.value.trim() || null;
        if (day.status !== 'none') change('edit', { notes });
        else if (notes) {
          // A note on an empty day marks it done, with the note.
          change('log', numeric ? { notes, amount: 0 } : { notes });
          if (!numeric) control.checked = true;
        }
        this.app.notice(`Note for ${label} saved.`);
      } }, h('label', { for: note.id, class: 'sr-only' }, `Note for ${label}`), note,
        h('button', { type: 'submit', class: 'small', 'aria-label': `Save note for ${label}` }, 'Save'));
      return h('li', { class: `day status-${day.status}` },
        h('span', { class: 'day-name' }, label), control,
        day.status === 'skipped' ? h('span', { class: 'meta' }, 'skipped') : null, noteForm);
    }));
    return h('section', { class: 'card', 'aria-labelledby': 'recent-heading' }, h('h2', { id: 'recent-heading' }, 'Recent days'), list);
  }

  setAmount(day, text, change) {
    if (text === '') {
      if (day.status !== 'none') change('unlog');
      return;
    }
    const amount = Number(text);
    if (!(amount >= 0)) return;
    if (day.status === 'none') change('log', { amount });
    else change('edit', day.status === 'skipped' ? { status: 'completed', amount } : { amount });
  }

  actions(habit) {
    const id = encodeURIComponent(habit.id);
    const archive = async () => {
      try {
        await this.app.api.patch(`/api/v1/habits/${id}`, { archived: !habit.archived });
        this.app.notice(habit.archived ? 'Habit restored.' : 'Habit archived. It no longer shows on Today.');
        this.load();
      } catch (error) {
        setAlert(this.alert, this.app.networkFailed(error) ? 'Archiving needs a connection.' : error.message);
      }
    };
    const remove = async () => {
      const sure = await confirmDialog({ title: `Delete “${habit.name}”?`, text: 'Its whole history is deleted too. This cannot be undone.', confirm: 'Delete' });
      if (!sure) return;
      try {
        await this.app.api.delete(`/api/v1/habits/${id}`);
        this.app.notice('Habit deleted.');
        this.app.go('#/today');
      } catch (error) {
        setAlert(this.alert, this.app.networkFailed(error) ? 'Deleting needs a connection.' : error.message);
      }
    };
    return h('div', { class: 'actions' },
      h('a', { href: `#/habits/${id}/edit`, class: 'button-link' }, 'Edit habit'),
      h('button', { type: 'button', onclick: archive }, habit.archived ? 'Unarchive habit' : 'Archive habit'),
      h('button', { type: 'button', class: 'danger', onclick: remove }, 'Delete habit'));
  }
}

class ArchivedList extends HTMLElement {
  async connectedCallback() {
    this.app.setTitle('Archived habits');
    const list = h('ul', { class: 'plain-list' });
    const alert = alertBox();
    setAlert(alert, '');
    this.replaceChildren(h('h1', null, 'Archived habits'), alert, list);
    try {
      const page = await this.app.api.get('/api/v1/habits?archived=true&limit=200');
      if (!page.items.length) list.replaceWith(h('p', null, 'No archived habits.'));
      list.append(...page.items.map((habit) => h('li', null, h('a', { href: `#/habits/${encodeURIComponent(habit.id)}` }, habit.name))));
    } catch (error) {
      setAlert(alert, this.app.networkFailed(error) ? 'This list needs a connection.' : error.message);
    }
  }
}

customElements.define('hd-habit', HabitPage);
customElements.define('hd-archived', ArchivedList);
