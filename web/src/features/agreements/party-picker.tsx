import { useEffect, useId, useRef, useState } from 'react';
import { explain, isApiError } from '../../api/problems';
import { countryName, label } from '../../ui/format';
import { searchPartners, type PartnerItem } from './api';
import { rememberPartners } from './partner-names';

/**
 * Choose the parties: a combobox that searches the partner directory as one types (a moment after
 * typing stops), each result with its type and country so two "University of ..." can be told apart.
 * Arrow keys move through the results, Enter picks one, Escape closes the list; the chosen parties
 * are listed below with a button to remove each. Archived partners cannot be parties and are not offered.
 */
export function PartyPicker({
  id: given,
  label: text = 'Parties',
  value,
  partners,
  onChange,
  error,
  hint = "Type part of a partner's name, then choose it from the list.",
}: {
  id?: string;
  label?: string;
  value: string[];
  /** What is known about the chosen ids (names). */
  partners: Record<string, PartnerItem | undefined>;
  onChange: (ids: string[]) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const generated = useId();
  const id = given ?? generated;
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PartnerItem[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<'idle' | 'searching' | 'error'>('idle');
  const [failure, setFailure] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 1) {
      setResults([]);
      setState('idle');
      return;
    }
    const controller = new AbortController();
    setState('searching');
    const timer = setTimeout(() => {
      searchPartners(q, controller.signal).then(
        (items) => {
          rememberPartners(items);
          setResults(items.filter((item) => item.status !== 'archived'));
          setActive(-1);
          setState('idle');
          setOpen(true);
        },
        (problem: unknown) => {
          if (controller.signal.aborted) return;
          setState('error');
          setFailure(isApiError(problem) ? explain(problem.problem) : 'The search failed.');
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const offered = results.filter((item) => !value.includes(item.id));
  const pick = (item: PartnerItem) => {
    onChange([...value, item.id]);
    setQuery('');
    setResults([]);
    setOpen(false);
    input.current?.focus();
  };
  const optionId = (index: number) => `${id}-option-${index}`;
  const describedBy = [error ? `${id}-error` : null, `${id}-hint`, `${id}-status`].filter(Boolean).join(' ');

  return (
    <div className={['field', 'party-picker', error ? 'field-invalid' : ''].join(' ').trim()}>
      <label htmlFor={id}>{text}</label>
      {value.length > 0 && (
        <ul className="chosen" aria-label={`Chosen ${text.toLowerCase()}`}>
          {value.map((partyId) => {
            const partner = partners[partyId];
            const name = partner?.name ?? 'Loading…';
            return (
              <li key={partyId}>
                <span>
                  {name}
                  {partner && (
                    <span className="muted">
                      {' '}
                      · {label(partner.type)} · {countryName(partner.country)}
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${name}`}
                  onClick={() => onChange(value.filter((other) => other !== partyId))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="combobox">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open && offered.length > 0}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          placeholder="Search partners by name…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              setOpen(true);
              setActive((current) => Math.min(offered.length - 1, current + 1));
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((current) => Math.max(0, current - 1));
            } else if (event.key === 'Enter') {
              if (open && offered.length > 0) {
                event.preventDefault();
                pick(offered[Math.max(0, active)]!);
              }
            } else if (event.key === 'Escape' && open) {
              event.preventDefault();
              event.stopPropagation();
              setOpen(false);
            }
          }}
        />
        <ul id={listId} role="listbox" aria-label={`${text}: search results`} hidden={!open || offered.length === 0}>
          {offered.map((item, index) => (
            <li
              key={item.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(item)}
            >
              <span className="option-name">{item.name}</span>
              <span className="muted">
                {label(item.type)} · {countryName(item.country)}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <p className="visually-hidden" id={`${id}-status`} role="status">
        {state === 'searching'
          ? 'Searching…'
          : query.trim() && open
            ? offered.length === 0
              ? 'No partner matches.'
              : `${offered.length} ${offered.length === 1 ? 'partner' : 'partners'} found.`
            : ''}
      </p>
      {state === 'error' && <p className="field-error">{failure}</p>}
      {query.trim() && state === 'idle' && open && offered.length === 0 && (
        <p className="field-hint">No registered partner matches “{query.trim()}”. Register it first under Partners.</p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
