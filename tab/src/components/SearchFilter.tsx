import { Field, SearchBox } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useFilters } from '../hooks/useFilters';

interface SearchFilterProps {
  label: string;
  /** The URL filter it edits (`search`, `department`). */
  name: string;
  placeholder?: string;
}

const DEBOUNCE_MS = 350;

/** A text filter kept in the URL, written once typing pauses (one query per pause, not per keystroke). */
export function SearchFilter({ label, name, placeholder }: SearchFilterProps) {
  const filters = useFilters();
  const value = filters.get(name);
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const report = useRef((next: string) => filters.set({ [name]: next }));
  report.current = (next: string) => filters.set({ [name]: next });

  // The URL can change under us (back button, a link): show what it says.
  useEffect(() => setText(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const update = (next: string): void => {
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => report.current(next.trim()), DEBOUNCE_MS);
  };

  return (
    <Field label={label}>
      <SearchBox
        value={text}
        placeholder={placeholder}
        onChange={(_, data) => update(data.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            clearTimeout(timer.current);
            report.current(text.trim());
          }
        }}
      />
    </Field>
  );
}
