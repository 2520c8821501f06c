import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A button that opens a short list of less frequent actions (archive, restore). A disclosure rather
 * than an ARIA menu: Tab moves through the actions, Escape or a click outside closes it, and focus
 * goes back to the button.
 */
export function ActionsMenu({ label, children }: { label: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('button, a')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node))
        setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  // Choosing an action closes the list and puts focus back on its button, so that a dialog the
  // action opens returns focus there when it closes (the chosen item is gone by then).
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div
      className="actions-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        type="button"
        className="button"
        ref={button}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      <div className="actions-menu-panel" id={id} ref={panel} hidden={!open}>
        {open && children(close)}
      </div>
    </div>
  );
}
