import type { ReactNode } from 'react';

export interface Column {
  readonly label: string;
  /** Right-aligned numbers. */
  readonly num?: boolean;
}

/** A table of items (projects, datasets): one row each, headed by `columns` and a last, unlabelled column for the row's actions. */
export function ItemTable({ label, className, columns, children }: { label: string; className?: string; columns: readonly Column[]; children: ReactNode }) {
  return (
    <table className={className ? `table ${className}` : 'table'} aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
