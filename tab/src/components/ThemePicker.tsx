import { Field, Select } from '@fluentui/react-components';
import { isThemeChoice, type ThemeChoice } from '../teams/themes';

/** Outside Teams only (inside, the theme follows Teams). */
export function ThemePicker({ value, onChange }: { value: ThemeChoice; onChange: (choice: ThemeChoice) => void }) {
  return (
    <Field label="Theme" orientation="horizontal">
      <Select value={value} onChange={(_, data) => isThemeChoice(data.value) && onChange(data.value)}>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
        <option value="contrast">High contrast</option>
      </Select>
    </Field>
  );
}
