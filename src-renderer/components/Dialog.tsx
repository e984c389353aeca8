// A modal dialog with the focus rules a keyboard user needs: focus moves in on open, Tab stays inside,
// Escape cancels, and focus returns to what opened it. Built on a div rather than <dialog>.showModal()
// so it behaves the same in jsdom tests as in Chromium.
import { useEffect, useId, useRef, type ReactNode } from 'react';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  children: ReactNode;
  /** Buttons at the bottom. Give the safe choice `data-autofocus` to focus it first. */
  actions: ReactNode;
  onCancel: () => void;
  tone?: 'default' | 'danger' | 'payment';
  icon?: ReactNode;
  /** For a picture: as wide as the window allows. */
  wide?: boolean;
}

export function Dialog({ title, children, actions, onCancel, tone = 'default', icon, wide }: DialogProps) {
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const cancel = useRef(onCancel);
  useEffect(() => {
    cancel.current = onCancel;
  });

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const root = panel.current!;
    const first =
      root.querySelector<HTMLElement>('[data-autofocus]') ?? root.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? root).focus();
    return () => opener?.focus?.();
  }, []);

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      cancel.current();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = [...panel.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && cancel.current()}>
      <div
        ref={panel}
        className={`dialog dialog-${tone}${wide ? ' dialog-wide' : ''}`}
        role={tone === 'default' ? 'dialog' : 'alertdialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          {icon && <span className={`dialog-icon dialog-icon-${tone}`}>{icon}</span>}
          <h2 id={titleId}>{title}</h2>
        </header>
        <div id={bodyId} className="dialog-body">
          {children}
        </div>
        <footer className="dialog-actions">{actions}</footer>
      </div>
    </div>
  );
}
