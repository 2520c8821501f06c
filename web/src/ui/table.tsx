import type { ReactNode } from 'react';

/**
 * A data table: a caption that names it (for screen readers, and for tests: `getByRole('table',
 * { name })`), column headers that sort when the list has a sort, and a row saying there is nothing.
 * On a narrow screen each row reads as a card: its name, then each other column under its header's
 * label (`data-label`), with the sortable headers above as a row of buttons.
 */
export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
  /** The sort this column applies ascending (`name`); descending is `-name`. */
  sort?: string;
  /** The row's header cell (its name): one column per table. */
  rowHeader?: boolean;
}

export function Table<T>({
  caption,
  captionHidden = true,
  columns,
  rows,
  rowKey,
  empty,
  sort,
  onSort,
  busy = false,
  className,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  sort?: string;
  onSort?: (sort: string) => void;
  busy?: boolean;
  className?: string;
}) {
  return (
    // A table wider than the screen scrolls sideways: the keyboard must reach it too (WCAG 2.1.1).
    <div
      className={['table-wrap', className ?? ''].join(' ').trim()}
      aria-busy={busy || undefined}
      role="region"
      aria-label={caption}
      tabIndex={0}
    >
      <table>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction =
                column.sort && sort === column.sort
                  ? 'ascending'
                  : column.sort && sort === `-${column.sort}`
                    ? 'descending'
                    : undefined;
              return (
                <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined} aria-sort={direction}>
                  {column.sort && onSort ? (
                    <button
                      type="button"
                      className="sort"
                      onClick={() => onSort(direction === 'ascending' ? `-${column.sort}` : column.sort!)}
                    >
                      {column.header}
                      <span aria-hidden="true" className="sort-mark">
                        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty-row">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) =>
                  column.rowHeader ? (
                    <th key={column.key} scope="row">
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={column.key} className={column.numeric ? 'num' : undefined} data-label={column.header}>
                      {column.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Previous and next page of a list whose page number lives in the address (`page`, absent for 1). */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: string | null) => void }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="button"
        disabled={page <= 1}
        onClick={() => onPage(page > 2 ? String(page - 1) : null)}
      >
        Previous page
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(String(page + 1))}>
        Next page
      </button>
    </nav>
  );
}
