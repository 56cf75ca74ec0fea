import { Input, type InputProps, Typography } from 'antd';
import { useT } from '../../i18n/i18n.tsx';

interface KeptSecretInputProps extends Omit<InputProps, 'value' | 'onChange' | 'placeholder'> {
  /** From Form.Item: `undefined` keeps the stored value, a string replaces it, `null` clears it. */
  value?: string | null | undefined;
  onChange?: (value: string | null | undefined) => void;
  /** The stored value as the server showed it (masked), or null when nothing is stored. */
  stored: string | null;
  /** What the empty input asks for when nothing is stored. */
  placeholder: string;
  /** Names the value in the clear and undo links, e.g. "phone". */
  label: string;
  testId: string;
}

/**
 * An input for a value that is stored but only ever shown masked, such as a contact's phone. The masked
 * text stays a hint and is never sent back: left alone the stored value is kept, typing replaces it,
 * "clear" removes it and "undo" returns to keeping it.
 */
export function KeptSecretInput({
  value,
  onChange,
  stored,
  placeholder,
  label,
  testId,
  ...input
}: KeptSecretInputProps) {
  const t = useT();
  const typed = value ?? '';
  const set = (next: string) => onChange?.(next === '' ? undefined : next);
  if (!stored) {
    return (
      <Input
        {...input}
        value={typed}
        onChange={(event) => set(event.target.value)}
        placeholder={placeholder}
        data-testid={testId}
      />
    );
  }
  const cleared = value === null;
  const kept = value === undefined;
  // The suffix is always there (a link that changes its words): antd remounts the input, and loses
  // the caret, when a suffix comes and goes while typing.
  return (
    <Input
      {...input}
      value={typed}
      onChange={(event) => set(event.target.value)}
      placeholder={cleared ? t.edit.clearedOnSave : stored}
      className={cleared ? 'dossier-kept dossier-kept-cleared' : 'dossier-kept'}
      title={kept ? t.edit.keptHint(stored) : undefined}
      data-testid={testId}
      suffix={
        <Typography.Link
          className="dossier-kept-action"
          onClick={() => onChange?.(kept ? null : undefined)}
          aria-label={kept ? t.edit.clearValue(label) : t.edit.undoValue(label)}
          data-testid={`${testId}-${kept ? 'clear' : 'undo'}`}
        >
          {kept ? t.edit.clear : t.edit.undo}
        </Typography.Link>
      }
    />
  );
}
