/**
 * A message beside the control it is about: a span after the field, tied to it with
 * aria-describedby, and aria-invalid on the field while the value is refused. Errors belong next to
 * what caused them (on a phone the top of the page is off-screen).
 */
import { h } from './dom.js';

let counter = 0;

export type NoteKind = 'error' | 'warning';

/** The note element for a field, created (empty, hidden) on first use and placed right after it. */
function noteOf(field: HTMLElement): HTMLElement {
  const id = field.getAttribute('aria-describedby');
  const existing = id ? document.getElementById(id) : null;
  if (existing) return existing;
  const note = h('span', { class: 'field-note', id: `field-note-${++counter}`, 'aria-live': 'polite', hidden: true });
  field.setAttribute('aria-describedby', note.id);
  field.after(note);
  return note;
}

/** Say `text` beside `field` (null clears it). An error also marks the field aria-invalid. */
export function setFieldNote(field: HTMLElement, text: string | null, kind: NoteKind = 'error'): void {
  if (text === null && !field.hasAttribute('aria-describedby')) return;
  const note = noteOf(field);
  note.textContent = text ?? '';
  note.hidden = text === null;
  note.dataset.kind = kind;
  if (text !== null && kind === 'error') field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
}
