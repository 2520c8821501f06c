import { label } from './format';

/** A status, tier or kind as a small coloured word; the colour repeats the word, never replaces it. */
export function Badge({ value, kind = 'status' }: { value: string | null | undefined; kind?: string }) {
  if (!value) return <>—</>;
  return <span className={`badge ${kind}-${value}`}>{label(value)}</span>;
}

export function Tags({ values }: { values: readonly string[] | null | undefined }) {
  if (!values?.length) return <>—</>;
  return (
    <ul className="tags">
      {values.map((value) => (
        <li key={value}>{value}</li>
      ))}
    </ul>
  );
}
