import type { ReactNode } from 'react';

/** Nothing to show, and what to do next ("No partners yet — register one"). */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      {children && <div className="empty-state-next">{children}</div>}
    </div>
  );
}
