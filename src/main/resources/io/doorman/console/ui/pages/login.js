// Login: the admin password, POST /api/login.
import { call, signedIn } from '../api.js';
import { busy, clearErrors, field, h, pageHeading, showError } from '../dom.js';

/** Renders the login page. */
export function render(main, { navigate }) {
  const password = field({
    label: 'Admin password', name: 'password', type: 'password', id: 'login-password',
    attrs: { autocomplete: 'current-password', required: true, 'data-test': 'login-password' },
  });
  const submit = h('button', { type: 'submit', 'data-test': 'login-submit' }, 'Log in');
  // For password managers: the console has one admin, named here so a saved password has a user.
  const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', value: 'admin', hidden: true });
  const form = h('form', { class: 'card narrow', 'data-test': 'login-form', novalidate: true }, user, password,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!password.input.value) {
      showError(form, { message: 'Enter the admin password.', field: 'password' });
      return;
    }
    try {
      const answer = await busy(submit, 'Logging in…',
        () => call('POST', '/api/login', { password: password.input.value }));
      signedIn(answer);
      navigate('dashboard');
    } catch (err) {
      password.input.value = '';
      showError(form, err, 'password');
    }
  });
  main.append(pageHeading('Log in to Doorman'),
    h('p', { class: 'lead' }, 'Only the owner of this Plex front door may use the console.'), form);
  password.input.focus();
}
