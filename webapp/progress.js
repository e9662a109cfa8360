// Progress: totals, the last 7 and 30 days, current streaks (drawn and tabled), and the most and
// least completed habits, from GET /api/v1/progress and GET /api/v1/insights.
import { alertBox, h, setAlert } from './dom.js';
import { barChart } from './charts.js';

function figure(label, value) {
  return h('div', { class: 'figure' }, h('dt', null, label), h('dd', null, String(value)));
}

function windowCard(title, window) {
  return h('section', { class: 'card' }, h('h2', null, title),
    h('dl', { class: 'figures' }, figure('Completions', window.completions), figure('Habits completed', window.habits_completed)),
    h('p', { class: 'meta' }, `${window.from} to ${window.to}`));
}

class ProgressScreen extends HTMLElement {
  connectedCallback() {
    this.app.setTitle('Progress');
    this.alert = alertBox();
    setAlert(this.alert, '');
    this.body = h('div', { class: 'progress-body' });
    this.replaceChildren(h('h1', null, 'Progress'), this.alert, this.body);
    this.load();
  }

  async load() {
    try {
      const [progress, insights] = await Promise.all([this.app.api.get('/api/v1/progress'), this.app.api.get('/api/v1/insights')]);
      this.render(progress, insights);
    } catch (error) {
      if (this.app.networkFailed(error)) setAlert(this.alert, 'You are offline: progress needs a connection.');
      else if (error.name !== 'SessionExpired') setAlert(this.alert, error.message);
    }
  }

  render(progress, insights) {
    const streaks = progress.current_streaks;
    const byWeekday = insights.completions_by_weekday ?? {};
    const weekdays = Object.keys(byWeekday);
    const most = insights.most_completed_habit;
    const least = insights.least_completed_habit;
    this.body.replaceChildren(...[
      h('section', { class: 'card' }, h('h2', null, 'Totals'),
        h('dl', { class: 'figures' }, figure('Habits', progress.total_habits), figure('Completions', progress.total_completions))),
      h('div', { class: 'two' }, windowCard('Last 7 days', progress.last_week), windowCard('Last 30 days', progress.last_month)),
      h('section', { class: 'card' }, h('h2', null, 'Current streaks'),
        streaks.length ? barChart({ title: 'Current streak of each habit', data: streaks.map((s) => ({ label: s.name, value: s.current_streak })) })
                       : h('p', null, 'No habits yet.'),
        streaks.length ? h('table', null,
          h('caption', { class: 'sr-only' }, 'Streaks of each habit'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Habit'), h('th', { scope: 'col' }, 'Current'), h('th', { scope: 'col' }, 'Longest'))),
          h('tbody', null, streaks.map((s) => h('tr', null,
            h('th', { scope: 'row' }, h('a', { href: `#/habits/${encodeURIComponent(s.habit_id)}` }, s.name)),
            h('td', null, String(s.current_streak)), h('td', null, String(s.longest_streak)))))) : null),
      h('section', { class: 'card' }, h('h2', null, 'Most and least completed'),
        h('dl', { class: 'figures' },
          figure('Most completed', most ? `${most.name} (${most.completions})` : '—'),
          figure('Least completed', least ? `${least.name} (${least.completions})` : '—'))),
      weekdays.length ? h('section', { class: 'card' }, h('h2', null, 'By weekday'),
        barChart({ title: 'Completions by weekday',
                   data: weekdays.map((day) => ({ label: day[0].toUpperCase() + day.slice(1), value: byWeekday[day] })) })) : null,
    ].filter(Boolean));
  }
}

customElements.define('hd-progress', ProgressScreen);
