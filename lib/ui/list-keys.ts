/** What a key press in the popup means: ↑/↓ and j/k move, Enter opens, … */
export type ListKeyAction = 'next' | 'prev' | 'open' | 'delete' | 'focusSearch' | 'clear';

/** The parts of a keydown the mapping looks at. */
export interface KeyInfo {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Where focus is: typing in a field keeps its letters, and buttons keep Enter. */
  target: 'search' | 'field' | 'row' | 'button' | 'other';
}

/** Maps a key to a list action, or null to leave the event alone. Pure, table-tested. */
export function listKeyAction(e: KeyInfo): ListKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'Escape') return 'clear';
  if (e.target === 'search') {
    if (e.key === 'ArrowDown') return 'next';
    // Type, ↓, Enter: focus may still be in the field when Enter comes (the move of focus to
    // the row happens on the next render), so Enter opens the selected row from here too.
    if (e.key === 'Enter') return 'open';
    return null;
  }
  if (e.target === 'field') return null;
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
      return 'next';
    case 'ArrowUp':
    case 'k':
      return 'prev';
    case '/':
      return 'focusSearch';
    case 'Delete':
      return e.target === 'row' || e.target === 'other' ? 'delete' : null;
    case 'Enter':
      // On a row's own action button, Enter must press that button.
      return e.target === 'row' || e.target === 'other' ? 'open' : null;
    default:
      return null;
  }
}

/** Classifies the focused element for `listKeyAction`. */
export function keyTarget(el: EventTarget | null): KeyInfo['target'] {
  if (!(el instanceof HTMLElement)) return 'other';
  if (el.matches('input[type="search"]')) return 'search';
  if (el.matches('input, select, textarea, [contenteditable="true"]')) return 'field';
  if (el.classList.contains('row-main')) return 'row';
  if (el.matches('button, a[href]')) return 'button';
  return 'other';
}
