// New habit and Edit habit: one form. Fields the server may not know yet (weekdays, reminders)
// are sent anyway (unknown fields are ignored by the API); when the answer lacks them the person
// is told the schedule or reminders were not kept, instead of being shown what the server ignored.
import { ApiError } from './api.js';
import { alertBox, field, h, setAlert, showFieldErrors, uniqueId } from './dom.js';
import { WEEKDAYS, WEEKDAY_NAMES } from './dates.js';
import { habitBody, ignoredFields } from './habit-model.js';

const MAX_REMINDERS = 5;

class HabitForm extends HTMLElement {
  connectedCallback() {
    this.habitId = this.params[0] ? decodeURIComponent(this.params[0]) : null;
    const title = this.habitId ? 'Edit habit' : 'New habit';
    this.app.setTitle(title);
    this.heading = h('h1', null, title);
    this.replaceChildren(this.heading);
    if (this.habitId) this.loadHabit();
    else this.build(null);
  }

  async loadHabit() {
    try {
      this.build(await this.app.api.get(`/api/v1/habits/${encodeURIComponent(this.habitId)}`));
    } catch (error) {
      const alert = alertBox();
      setAlert(alert, this.app.networkFailed(error) ? 'Editing a habit needs a connection.' : error.message);
      this.append(alert);
    }
  }

  build(habit) {
    this.original = habit;
    const c = {
      name: h('input', { type: 'text', required: true, maxlength: '100', value: habit?.name ?? '' }),
      frequency: h('select', null, [['daily', 'Daily'], ['weekly', 'Weekly'], ['monthly', 'Monthly']].map(([value, label]) =>
        h('option', { value, selected: (habit?.frequency ?? 'daily') === value }, label))),
      description: h('textarea', { rows: '2', maxlength: '1000' }),
      start_date: h('input', { type: 'date', value: habit?.start_date ?? '' }),
      target: h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', value: habit?.target ?? '' }),
      times_per_period: h('input', { type: 'number', min: '1', max: '28', step: '1', inputmode: 'numeric', value: habit?.times_per_period ?? 1 }),
      goal: h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal', value: habit?.goal ?? '' }),
      unit: h('input', { type: 'text', maxlength: '20', value: habit?.unit ?? '' }),
    };
    c.description.value = habit?.description ?? '';
    const weekdays = habit?.weekdays ?? WEEKDAYS;
    const dayBoxes = WEEKDAYS.map((day, i) => {
      const id = uniqueId('day');
      const box = h('input', { type: 'checkbox', id, value: day, checked: weekdays.includes(day) });
      return { box, el: h('div', { class: 'check' }, box, h('label', { for: id }, WEEKDAY_NAMES[i])) };
    });
    const weekdaySet = h('fieldset', { class: 'weekdays' }, h('legend', null, 'Weekdays'),
      h('p', { class: 'hint' }, 'The days a daily habit is due.'), h('div', { class: 'checks' }, dayBoxes.map((d) => d.el)));
    const reminderList = h('div', { class: 'reminders' });
    const addReminder = h('button', { type: 'button', class: 'small', onclick: () => { addRow(''); reminderList.lastElementChild?.querySelector('input').focus(); } }, 'Add reminder');
    const syncReminderButtons = () => {
      addReminder.hidden = reminderList.children.length >= MAX_REMINDERS;
      [...reminderList.children].forEach((row, i) => {
        row.querySelector('label').textContent = `Reminder ${i + 1}`;
        row.querySelector('button').setAttribute('aria-label', `Remove reminder ${i + 1}`);
      });
    };
    const addRow = (value) => {
      const id = uniqueId('reminder');
      const row = h('div', { class: 'reminder' }, h('label', { for: id }), h('input', { type: 'time', id, value }),
        h('button', { type: 'button', class: 'small', onclick: () => { row.remove(); syncReminderButtons(); addReminder.focus(); } }, 'Remove'));
      reminderList.append(row);
      syncReminderButtons();
    };
    for (const time of habit?.reminders ?? []) addRow(time);
    syncReminderButtons();
    const reminderSet = h('fieldset', null, h('legend', null, 'Reminders'),
      h('p', { class: 'hint' }, 'Times of day to be reminded, up to five.'), reminderList, addReminder);

    const showWeekdays = () => { weekdaySet.hidden = c.frequency.value !== 'daily'; };
    c.frequency.addEventListener('change', showWeekdays);
    showWeekdays();

    const alert = alertBox();
    setAlert(alert, '');
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save habit');
    const form = h('form', { class: 'card', novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      setAlert(alert, '');
      const values = Object.fromEntries(Object.entries(c).map(([key, control]) => [key, control.value]));
      values.weekdays = dayBoxes.filter((d) => d.box.checked).map((d) => d.box.value);
      values.reminders = [...reminderList.querySelectorAll('input')].map((input) => input.value);
      if (!values.name.trim()) {
        showFieldErrors(c, { name: 'Give the habit a name.' });
        return;
      }
      if (values.frequency === 'daily' && !values.weekdays.length) {
        setAlert(alert, 'Choose at least one weekday.');
        dayBoxes[0].box.focus();
        return;
      }
      const body = habitBody(values, this.original);
      save.disabled = true;
      try {
        const saved = this.original
          ? await this.app.api.patch(`/api/v1/habits/${encodeURIComponent(this.original.id)}`, body)
          : await this.app.api.post('/api/v1/habits', body, { idempotencyKey: crypto.randomUUID() });
        const ignored = ignoredFields(body, saved);
        this.app.notice(ignored.length
          ? `Saved. This server does not keep ${ignored.join(' or ')} yet, so ${ignored.includes('weekdays') ? 'the habit is due every day' : 'no reminders will be sent'}.`
          : 'Habit saved.');
        this.app.go(`#/habits/${encodeURIComponent(saved.id)}`);
      } catch (error) {
        if (this.app.networkFailed(error)) setAlert(alert, 'Saving a habit needs a connection. Try again when you are online.');
        else if (error instanceof ApiError && error.status === 422 && showFieldErrors(c, error.fieldErrors)) setAlert(alert, 'Check the fields marked below.');
        else setAlert(alert, error.message);
      } finally {
        save.disabled = false;
      }
    } },
    field('Name', c.name),
    field('Frequency', c.frequency),
    field('Description', c.description, { hint: 'Optional.' }),
    field('Start date', c.start_date, { hint: 'Optional: today when empty.' }),
    field('Target', c.target, { hint: 'Optional: how many days, weeks or months you aim for.' }),
    weekdaySet,
    field('Times per period', c.times_per_period, { hint: 'For example 3 times a week. Daily habits: 1.' }),
    h('div', { class: 'pair' },
      field('Goal', c.goal, { hint: 'Optional: an amount per period, such as 8 glasses.' }),
      field('Unit', c.unit, { hint: 'Optional, such as glasses.' })),
    reminderSet,
    alert,
    h('div', { class: 'actions' }, save,
      h('a', { href: this.original ? `#/habits/${encodeURIComponent(this.original.id)}` : '#/today', class: 'button-link' }, 'Cancel')));
    this.replaceChildren(this.heading, form);
  }
}

customElements.define('hd-habit-form', HabitForm);
