// Small DOM helpers: element builders (text is always set as text, never parsed as HTML), form fields with an
// error slot, API errors shown next to their field, copy buttons and the polite announcer.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open', 'readOnly', 'required']);

function fill(el, props, children) {
  for (const [key, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) {
      if (PROPERTIES.has(key)) {
        el[key] = false;
      }
      continue;
    }
    if (key === 'class') {
      el.setAttribute('class', v);
    } else if (key === 'text') {
      el.textContent = v;
    } else if (key.startsWith('on') && typeof v === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), v);
    } else if (PROPERTIES.has(key)) {
      el[key] = v;
    } else {
      el.setAttribute(key, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An HTML element: `h('button', {type: 'button', onClick: f}, 'Save')`. */
export function h(tag, props, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** An SVG element. */
export function s(tag, props, ...children) {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), props, children);
}

let fieldIds = 0;

/**
 * A labelled input with a help line and an error slot. `name` is the API's field name, used to put the API's
 * error next to it. Returns the wrapper; the input is `wrapper.input`.
 */
export function field({ label, name, type = 'text', value = '', help, id, attrs = {} }) {
  const inputId = id || `f-${name}-${++fieldIds}`;
  const described = [];
  const helpEl = help ? h('p', { class: 'help', id: `${inputId}-help` }, help) : null;
  if (helpEl) {
    described.push(helpEl.id);
  }
  const errorEl = h('p', { class: 'field-error', id: `${inputId}-error`, 'data-error-for': name, hidden: true });
  described.push(errorEl.id);
  const input = type === 'select'
    ? h('select', { id: inputId, name, 'data-field': name, 'aria-describedby': described.join(' '), ...attrs },
      (attrs.options || []).map(([v, text]) => h('option', { value: v, selected: v === value }, text)))
    : h('input', { id: inputId, name, type, 'data-field': name, 'aria-describedby': described.join(' '), ...attrs });
  if (type === 'checkbox') {
    input.checked = !!value;
    const wrap = h('div', { class: 'field check' }, input, h('label', { for: inputId }, label), helpEl, errorEl);
    wrap.input = input;
    return wrap;
  }
  if (type !== 'select') {
    input.value = value;
  }
  const wrap = h('div', { class: 'field' }, h('label', { for: inputId }, label), input, helpEl, errorEl);
  wrap.input = input;
  return wrap;
}

/** Clears the errors a form shows. */
export function clearErrors(form) {
  for (const e of form.querySelectorAll('.field-error')) {
    e.hidden = true;
    e.textContent = '';
  }
  for (const i of form.querySelectorAll('[aria-invalid]')) {
    i.removeAttribute('aria-invalid');
  }
  const general = form.querySelector('.form-error');
  if (general) {
    general.hidden = true;
    general.textContent = '';
  }
}

/**
 * Shows an error in a form: next to the input named by the error's `field` (or `fallbackField`), opening any
 * collapsed section around it and focusing it; otherwise in the form's general error line.
 */
export function showError(form, error, fallbackField) {
  clearErrors(form);
  const message = error && error.message ? error.message : String(error);
  const name = (error && error.field) || fallbackField;
  const slot = name ? form.querySelector(`.field-error[data-error-for="${CSS.escape(name)}"]`) : null;
  if (slot) {
    slot.textContent = message;
    slot.hidden = false;
    const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    for (let d = slot.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) {
      d.open = true;
    }
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    return;
  }
  let general = form.querySelector('.form-error');
  if (!general) {
    general = h('p', { class: 'form-error', role: 'alert', 'data-test': 'form-error' });
    form.append(general);
  }
  general.textContent = message;
  general.hidden = false;
}

/** Says something to screen readers (and shows it briefly). */
export function announce(message) {
  const a = document.getElementById('announcer');
  if (a) {
    a.textContent = '';
    // A new text node after clearing, so the same message twice is still read out.
    requestAnimationFrame(() => { a.textContent = message; });
  }
}

async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    // No clipboard permission (or an insecure context): fall back to selecting a scratch text area.
    const area = h('textarea', { class: 'visually-hidden', readOnly: true, 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (ignored) {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/** A button that copies `text()` to the clipboard and says so. */
export function copyButton(label, text, testId) {
  const status = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button',
    class: 'secondary copy',
    'data-test': testId,
    onClick: async () => {
      const ok = await writeClipboard(text());
      status.textContent = ok ? 'Copied' : 'Copy failed: select the text and copy it';
      announce(status.textContent);
    },
  }, label);
  return h('span', { class: 'copy-wrap' }, button, status);
}

/** Runs `work` with `button` disabled, showing `busyText` on it meanwhile. */
export async function busy(button, busyText, work) {
  const before = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (busyText) {
    button.textContent = busyText;
  }
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = before;
  }
}

/** A page heading that takes focus when the page opens. */
export function pageHeading(text) {
  return h('h1', { tabindex: '-1', class: 'page-heading' }, text);
}

/** A local date and time for an ISO instant or epoch seconds/millis. */
export function when(value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  let d;
  if (typeof value === 'number') {
    d = new Date(value < 1e12 ? value * 1000 : value);
  } else {
    d = new Date(value);
  }
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}

/** Yes/No for a boolean, a dash for unknown. */
export function yesNo(v) {
  if (v === true) {
    return 'Yes';
  }
  if (v === false) {
    return 'No';
  }
  return '—';
}
