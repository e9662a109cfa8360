// The start screens: log in, and create an account (which logs the person in).
import { ApiError, NetworkError } from './api.js';
import { alertBox, field, h, setAlert, showFieldErrors } from './dom.js';

function input(type, autocomplete, extra = {}) {
  return h('input', { type, autocomplete, required: true, ...extra });
}

function offlineMessage(error) {
  return error instanceof NetworkError ? 'No connection to the server. Try again when you are online.' : error.message;
}

// The browser's own time zone, when it is one the server knows by name.
function deviceTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && Intl.supportedValuesOf?.('timeZone').includes(zone) ? zone : 'UTC';
}

class LoginScreen extends HTMLElement {
  connectedCallback() {
    this.app.setTitle('Log in');
    // After a session ended, the same person is the one most likely to log in again.
    const login = input('text', 'username', { autocapitalize: 'none', spellcheck: 'false', value: this.app.expiredUsername || null });
    const password = input('password', 'current-password');
    const alert = alertBox();
    setAlert(alert, '');
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');
    const form = h('form', { class: 'card narrow', novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      setAlert(alert, '');
      if (!login.value.trim() || !password.value) {
        setAlert(alert, 'Enter your email or username and your password.');
        return;
      }
      submit.disabled = true;
      try {
        const result = await this.app.session.login(login.value.trim(), password.value);
        if (!result.ok) {
          setAlert(alert, result.status === 429 ? 'Too many failed attempts. Wait a few minutes and try again.'
                                                : (result.problem?.detail ?? 'Wrong email, username or password.'));
          password.focus();
          return;
        }
        await this.app.signedIn(result.user);
      } catch (error) {
        setAlert(alert, offlineMessage(error));
      } finally {
        submit.disabled = false;
      }
    } },
    field('Email or username', login),
    field('Password', password),
    alert,
    h('div', { class: 'actions' }, submit));
    this.replaceChildren(
      h('h1', null, 'Log in'),
      h('p', { class: 'lead' }, 'Track your habits, one day at a time.'),
      form,
      h('p', { class: 'switch' }, 'New here? ', h('a', { href: '#/signup', class: 'button-link' }, 'Create account')));
  }
}

class SignupScreen extends HTMLElement {
  connectedCallback() {
    this.app.setTitle('Create account');
    const email = input('email', 'email', { spellcheck: 'false' });
    const username = input('text', 'username', { autocapitalize: 'none', spellcheck: 'false', minlength: 3, maxlength: 32 });
    const password = input('password', 'new-password', { minlength: 8 });
    const alert = alertBox();
    setAlert(alert, '');
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Create account');
    const fields = { email, username, password };
    const form = h('form', { class: 'card narrow', novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      setAlert(alert, '');
      submit.disabled = true;
      try {
        await this.app.api.post('/api/v1/auth/register', {
          email: email.value.trim(), username: username.value.trim(), password: password.value, timezone: deviceTimeZone(),
        }, { auth: false });
        const result = await this.app.session.login(username.value.trim(), password.value);
        if (!result.ok) throw new ApiError(result.status, result.problem);
        await this.app.signedIn(result.user);
      } catch (error) {
        if (error instanceof ApiError && error.status === 422 && showFieldErrors(fields, error.fieldErrors)) {
          setAlert(alert, 'Check the fields marked below.');
        } else if (error instanceof ApiError && error.status === 409) {
          setAlert(alert, 'That email or username is already taken.');
        } else {
          setAlert(alert, offlineMessage(error));
        }
      } finally {
        submit.disabled = false;
      }
    } },
    field('Email', email),
    field('Username', username, { hint: '3 to 32 letters, digits, dots, dashes or underscores.' }),
    field('Password', password, { hint: 'At least 8 characters.' }),
    alert,
    h('div', { class: 'actions' }, submit));
    this.replaceChildren(
      h('h1', null, 'Create account'),
      form,
      h('p', { class: 'switch' }, 'Already have an account? ', h('a', { href: '#/login' }, 'Log in')));
  }
}

customElements.define('hd-login', LoginScreen);
customElements.define('hd-signup', SignupScreen);
