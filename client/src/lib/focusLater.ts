/**
 * Focuses an element (by id, or by `data-focus-id` for a TextField, whose id is its own) once React has
 * drawn the change that made or moved it, and brings it into view (clear of a sticky save bar).
 */
export function focusLater(id: string): void {
  requestAnimationFrame(() => {
    const element = document.getElementById(id) ?? document.querySelector(`[data-focus-id="${CSS.escape(id)}"]`);
    if (element instanceof HTMLElement && !(element as HTMLButtonElement).disabled) element.focus();
    element?.scrollIntoView({ block: 'center' });
  });
}
