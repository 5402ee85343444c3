// The console's entry point: hash routes (#/login, #/setup, #/dashboard, #/hosts[/name], #/test, #/security),
// the session gate in front of them, and the navigation bar.
import { call, loadSession, onUnauthorized, session, signedOut } from './api.js';
import { h } from './dom.js';

const PAGES = {
  login: { title: 'Log in', module: './pages/login.js', open: true },
  setup: { title: 'Setup', module: './pages/setup.js', open: true },
  dashboard: { title: 'Dashboard', module: './pages/dashboard.js' },
  hosts: { title: 'Hosts', module: './pages/hosts.js' },
  test: { title: 'Test', module: './pages/test.js' },
  security: { title: 'Security', module: './pages/security.js' },
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let cleanup = null;
let generation = 0;

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [name, ...rest] = raw.split('/').filter((p) => p !== '');
  return { name: name || '', params: rest.map(decodeURIComponent) };
}

/** Goes to a route, e.g. `navigate('hosts', 'plex')`. */
export function navigate(name, ...params) {
  const target = `#/${[name, ...params.map(encodeURIComponent)].join('/')}`;
  if (location.hash === target) {
    render();
  } else {
    location.hash = target;
  }
}

function gate(name) {
  if (!session.authenticated) {
    return session.setupRequired ? 'setup' : 'login';
  }
  if (name === 'login' || !PAGES[name]) {
    return 'dashboard';
  }
  return name;
}

async function render() {
  const mine = ++generation;
  const { name, params } = parseHash();
  const target = gate(name);
  if (target !== name) {
    history.replaceState(null, '', `#/${target}`);
  }
  nav.hidden = !session.authenticated;
  for (const a of nav.querySelectorAll('a[data-route]')) {
    if (a.dataset.route === target) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  if (cleanup) {
    const c = cleanup;
    cleanup = null;
    c();
  }
  const page = PAGES[target];
  document.title = `${page.title} · Doorman`;
  document.body.dataset.page = target;
  try {
    const mod = await import(page.module);
    if (mine !== generation) {
      return;
    }
    main.replaceChildren();
    const done = await mod.render(main, { params: target === name ? params : [], navigate });
    if (mine !== generation) {
      if (typeof done === 'function') {
        done();
      }
      return;
    }
    cleanup = typeof done === 'function' ? done : null;
    const heading = main.querySelector('.page-heading');
    if (heading && document.activeElement === document.body) {
      heading.focus({ preventScroll: true });
    }
  } catch (e) {
    if (mine === generation && !(e && e.status === 401)) {
      main.replaceChildren(h('h1', { class: 'page-heading', tabindex: '-1' }, page.title),
        h('p', { class: 'form-error', role: 'alert', 'data-test': 'page-error' }, e && e.message ? e.message : String(e)));
    }
  }
}

let reauthenticating = false;
onUnauthorized(async () => {
  if (reauthenticating) {
    return;
  }
  reauthenticating = true;
  try {
    await loadSession();
  } catch (e) {
    signedOut();
  } finally {
    reauthenticating = false;
  }
  render();
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await call('POST', '/api/logout');
  } catch (e) {
    // Logged out either way: the server forgets the session or it had already.
  }
  signedOut();
  navigate('login');
});

document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', render);

async function start() {
  try {
    await loadSession();
  } catch (e) {
    main.replaceChildren(h('h1', { class: 'page-heading' }, 'Doorman'),
      h('p', { class: 'form-error', role: 'alert' }, e.message));
    return;
  }
  render();
}

start();
