import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { label as say, today } from './format';

/**
 * Form fields: each has a visible label, an optional hint, and its error right under it, tied to
 * the control with aria-describedby and aria-invalid so a screen reader reads them with the field.
 */

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  required?: boolean;
}

interface FieldProps {
  /** The control's id, when something else links to it; one is made up otherwise. */
  id?: string | undefined;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  /** Say "(optional)" after the label of fields that may stay empty. */
  optional?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

export function Field({ id: given, label, hint, error, required, optional, className, children }: FieldProps) {
  const generated = useId();
  const id = given ?? generated;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field-invalid' : '', className ?? ''].join(' ').trim()}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {children({
        id,
        ...(describedBy && { 'aria-describedby': describedBy }),
        ...(error && { 'aria-invalid': true as const }),
        ...(required && { required: true }),
      })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

type Common = Omit<FieldProps, 'children'>;

export function TextField({
  id,
  label,
  hint,
  error,
  required,
  optional,
  className,
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'className'>) {
  return (
    <Field
      id={id}
      label={label}
      hint={hint}
      error={error}
      required={required}
      optional={optional}
      className={className}
    >
      {(control) => <input type="text" {...input} {...control} />}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** An enumeration's values as a select's choices, each said in words. */
export const options = (values: readonly string[], describe: (value: string) => string = say): Option[] =>
  values.map((value) => ({ value, label: describe(value) }));

export function Select({
  id,
  label,
  hint,
  error,
  required,
  optional,
  className,
  options,
  placeholder,
  ...select
}: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className'> & { options: Option[]; placeholder?: string }) {
  return (
    <Field
      id={id}
      label={label}
      hint={hint}
      error={error}
      required={required}
      optional={optional}
      className={className}
    >
      {(control) => (
        <select {...select} {...control}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A business date: the day something happened in the world, often long ago (a contract signed in
 * 2016, logged today). It defaults to today and accepts the past; `notFuture` sets max = today where
 * the service refuses a date in the future.
 */
export function DateField({
  id,
  label,
  hint,
  error,
  required,
  optional,
  className,
  notFuture = true,
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'className' | 'type'> & { notFuture?: boolean }) {
  return (
    <Field
      id={id}
      label={label}
      hint={hint}
      error={error}
      required={required}
      optional={optional}
      className={className}
    >
      {(control) => <input type="date" max={notFuture ? today() : undefined} {...input} {...control} />}
    </Field>
  );
}

export function Checkbox({
  label,
  hint,
  ...input
}: { label: ReactNode; hint?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  return (
    <div className="field field-check">
      <input type="checkbox" id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
