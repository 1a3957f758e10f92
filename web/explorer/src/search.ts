// The search box: a combobox (WAI-ARIA 1.2 pattern) whose suggestions come from `search`.
import { ApiError, search } from './api.js';
import type { SearchHit } from './types.js';
import { h, fill } from './dom.js';
import { KIND_STYLE } from './graph-view.js';

const DEBOUNCE_MS = 180;

/** Wires the search box; `choose` is called with the id of the entity picked. */
export function setUpSearch(
  input: HTMLInputElement,
  listbox: HTMLElement,
  form: HTMLFormElement,
  choose: (id: string, name: string) => void,
): void {
  let hits: SearchHit[] = [];
  let active = -1;
  let asked = '';
  let timer: number | undefined;
  let pending: Promise<void> | undefined;

  function open(isOpen: boolean): void {
    input.setAttribute('aria-expanded', String(isOpen));
    listbox.hidden = !isOpen;
    if (!isOpen) setActive(-1);
  }

  function setActive(index: number): void {
    active = index;
    const options = listbox.querySelectorAll<HTMLElement>('[role="option"]');
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    const current = options[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function message(text: string, kind: 'info' | 'error' = 'info'): void {
    hits = [];
    fill(listbox, h('li', { class: `search-message ${kind}`, role: 'presentation' }, text));
    open(true);
  }

  function pick(hit: SearchHit): void {
    input.value = hit.entity.name;
    open(false);
    choose(hit.entity.id, hit.entity.name);
  }

  async function run(text: string): Promise<void> {
    asked = text;
    message('Searching…');
    try {
      const found = await search(text);
      if (asked !== text) return;
      hits = found;
      if (found.length === 0) {
        message(`No entity matches “${text}”.`);
        return;
      }
      fill(
        listbox,
        found.map((hit, index) =>
          h(
            'li',
            {
              id: `search-option-${index}`,
              role: 'option',
              'aria-selected': 'false',
              class: 'search-option',
              // Keep focus in the box: a click picks, it does not blur first.
              onmousedown: (event) => event.preventDefault(),
              onclick: () => pick(hit),
            },
            h('span', {
              class: `kind-swatch kind-${hit.entity.kind.toLowerCase()}`,
              'aria-hidden': 'true',
            }),
            h('span', { class: 'search-name' }, hit.entity.name),
            h('span', { class: 'search-kind' }, KIND_STYLE[hit.entity.kind].label),
            hit.entity.description
              ? h('span', { class: 'search-description' }, hit.entity.description)
              : null,
          ),
        ),
      );
      open(true);
      setActive(-1);
    } catch (error) {
      if (asked !== text) return;
      message(
        `Search failed: ${error instanceof ApiError ? error.message : 'unexpected error'}`,
        'error',
      );
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      asked = '';
      hits = [];
      open(false);
      return;
    }
    timer = window.setTimeout(() => {
      pending = run(text);
    }, DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    const count = hits.length;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      open(true);
      setActive((active + 1) % count);
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      open(true);
      setActive(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === 'Escape') {
      if (!listbox.hidden) {
        event.preventDefault();
        open(false);
      } else {
        input.value = '';
      }
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text.length === 0) return;
    const chosen = hits[active];
    if (chosen) {
      pick(chosen);
      return;
    }
    // Enter before the suggestions came: search now and take the best hit.
    window.clearTimeout(timer);
    if (asked !== text) pending = run(text);
    await pending;
    const best = hits[0];
    if (best && asked === text) pick(best);
  });

  input.addEventListener('blur', () => open(false));
  input.addEventListener('focus', () => {
    if (hits.length > 0) open(true);
  });
}
