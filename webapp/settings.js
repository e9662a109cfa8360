// Settings: time zone and day start, export and import, password, account deletion, log out.
import { ApiError } from './api.js';
import { alertBox, field, h, setAlert, showFieldErrors } from './dom.js';
import { confirmDialog } from './habit-page.js';

function section(title, ...children) {
  const id = `settings-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

// Saves a download made in the page (the export answers need the Authorization header, so a
// plain link cannot fetch them).
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

class SettingsScreen extends HTMLElement {
  connectedCallback() {
    this.app.setTitle('Settings');
    const user = this.app.user ?? {};
    this.replaceChildren(h('h1', null, 'Settings'),
      this.preferences(user), this.exports(), this.imports(), this.password(user), this.account(), this.logout());
  }

  failure(alert, error, what) {
    setAlert(alert, this.app.networkFailed(error) ? `${what} needs a connection.` : error.message);
  }

  preferences(user) {
    const zones = Intl.supportedValuesOf?.('timeZone') ?? [];
    const timezone = h('input', { type: 'text', list: 'time-zones', autocomplete: 'off', spellcheck: 'false', value: user.timezone ?? 'UTC' });
    const dayStart = h('input', { type: 'time', value: user.day_start ?? '00:00' });
    const alert = alertBox();
    setAlert(alert, '');
    const fields = { timezone, day_start: dayStart };
    return section('Preferences', h('form', { novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      setAlert(alert, '');
      try {
        const saved = await this.app.api.patch('/api/v1/users/me', { timezone: timezone.value.trim(), day_start: dayStart.value || '00:00' });
        showFieldErrors(fields, {});
        this.app.session.rememberUser(saved);
        this.app.notice('Settings saved.');
      } catch (error) {
        if (error instanceof ApiError && error.status === 422 && showFieldErrors(fields, error.fieldErrors)) setAlert(alert, 'Check the fields marked below.');
        else this.failure(alert, error, 'Saving settings');
      }
    } },
    field('Time zone', timezone, { hint: 'An IANA name such as Europe/Berlin. Today, weeks and months follow it.' }),
    h('datalist', { id: 'time-zones' }, zones.map((zone) => h('option', { value: zone }))),
    field('Day start', dayStart, { hint: 'When your day begins: 04:00 counts a 01:30 log for the day before.' }),
    alert,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save settings'))));
  }

  exports() {
    const alert = alertBox();
    setAlert(alert, '');
    const run = (format) => async () => {
      try {
        const json = format === 'json';
        const answer = await this.app.api.send({ path: `/api/v1/export${json ? '' : '?format=csv'}`, accept: json ? 'application/json' : 'text/csv' });
        if (answer.status !== 200) throw new ApiError(answer.status, answer.body);
        const text = json ? JSON.stringify(answer.body, null, 2) : answer.body;
        download(`habitd-export.${format}`, json ? 'application/json' : 'text/csv', text);
        this.app.notice(`Export as ${format.toUpperCase()} saved.`);
      } catch (error) {
        this.failure(alert, error, 'Exporting');
      }
    };
    return section('Export',
      h('p', null, 'Everything you have, to keep or to move to another habitd.'),
      alert,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: run('json') }, 'Export as JSON'),
        h('button', { type: 'button', onclick: run('csv') }, 'Export as CSV')));
  }

  imports() {
    const file = h('input', { type: 'file', accept: 'application/json,.json' });
    const alert = alertBox();
    setAlert(alert, '');
    return section('Import', h('form', { onsubmit: async (event) => {
      event.preventDefault();
      setAlert(alert, '');
      const chosen = file.files[0];
      if (!chosen) {
        setAlert(alert, 'Choose a JSON export first.');
        return;
      }
      try {
        const document = JSON.parse(await chosen.text());
        const result = await this.app.api.post('/api/v1/import', document, { idempotencyKey: crypto.randomUUID() });
        this.app.notice(`Imported ${result.habits_created} habits and ${result.logs_created} logs.`);
        file.value = '';
      } catch (error) {
        if (error instanceof SyntaxError) setAlert(alert, 'That file is not a JSON export.');
        else this.failure(alert, error, 'Importing');
      }
    } },
    h('p', null, 'Adds the habits and logs of a JSON export to your account, as new habits.'),
    field('Import file', file), alert,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Import'))));
  }

  password(user) {
    const current = h('input', { type: 'password', autocomplete: 'current-password', required: true });
    const next = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8 });
    const alert = alertBox();
    setAlert(alert, '');
    const fields = { current_password: current, new_password: next };
    return section('Password', h('form', { novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      setAlert(alert, '');
      try {
        this.app.session.holdRenewal();
        await this.app.api.post('/api/v1/users/me/password', { current_password: current.value, new_password: next.value },
                                { idempotencyKey: crypto.randomUUID() });
        // The change ends every session, this one too: sign in again with the new password.
        const result = await this.app.session.login(user.username, next.value);
        current.value = '';
        next.value = '';
        showFieldErrors(fields, {});
        this.app.notice(result.ok ? 'Password changed.' : 'Password changed. Log in again.');
        if (!result.ok) this.app.go('#/login');
      } catch (error) {
        if (error instanceof ApiError && error.status === 422 && showFieldErrors(fields, error.fieldErrors)) setAlert(alert, 'Check the fields marked below.');
        else if (error instanceof ApiError && error.status === 401) setAlert(alert, 'The current password is not right.');
        else this.failure(alert, error, 'Changing the password');
      }
    } },
    field('Current password', current),
    field('New password', next, { hint: '8 to 72 characters.' }),
    alert,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Change password'))));
  }

  account() {
    const alert = alertBox();
    setAlert(alert, '');
    const remove = async () => {
      const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
      const sure = await confirmDialog({ title: 'Delete your account?', confirm: 'Delete my account',
        text: 'Your habits and their whole history are deleted at once. This cannot be undone.', extra: field('Password', password) });
      if (!sure) return;
      try {
        await this.app.api.delete('/api/v1/users/me', { password: password.value });
        this.app.session.forget();  // the server has already ended every session of the account
        this.app.notice('Your account has been deleted.');
        this.app.go('#/login');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) setAlert(alert, 'The password is not right: nothing was deleted.');
        else this.failure(alert, error, 'Deleting the account');
      }
    };
    return section('Delete account', h('p', null, 'Deletes your account and everything in it.'), alert,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', onclick: remove }, 'Delete account')));
  }

  logout() {
    return section('Session', h('p', null, `Signed in as ${this.app.user?.username ?? ''}.`),
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => this.app.logOut() }, 'Log out')));
  }
}

customElements.define('hd-settings', SettingsScreen);
