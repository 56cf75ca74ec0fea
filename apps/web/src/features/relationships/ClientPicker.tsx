import { Flex, Select, Spin, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { KindTag } from '../../ui/EnumTags.tsx';
import { useSuggestions } from '../clients/clients.api.ts';

interface ClientPickerProps {
  value?: number | undefined;
  onChange?: (value: number | undefined) => void;
  /** The client whose page this is: it cannot be linked to itself. */
  excludeId: number;
  placeholder: string;
  id?: string;
}

/** Picks a client through the same typeahead as the search box (name, pinyin, initials, code…). */
export function ClientPicker({ value, onChange, excludeId, placeholder, id }: ClientPickerProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const suggestions = useSuggestions(debounced);
  // The chosen client stays labelled after the typed text (and so the suggestions) change.
  const [picked, setPicked] = useState<{ value: number; label: ReactNode } | null>(null);
  const found = (suggestions.data ?? [])
    .filter((item) => item.id !== excludeId)
    .map((item) => ({
      value: item.id,
      label: (
        <Flex justify="space-between" align="center" gap={8} data-testid="relationship-candidate">
          <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {item.name}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.code}
            </Typography.Text>
          </span>
          <KindTag kind={item.kind} />
        </Flex>
      ),
    }));
  const options =
    picked && picked.value === value && !found.some((option) => option.value === picked.value)
      ? [picked, ...found]
      : found;
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(next) => {
        setPicked(options.find((option) => option.value === next) ?? null);
        onChange?.(next);
      }}
      options={options}
      placeholder={placeholder}
      allowClear
      notFoundContent={
        suggestions.isFetching ? (
          <Spin size="small" />
        ) : debounced.trim() ? (
          <Typography.Text type="secondary">{t.relationships.noMatch}</Typography.Text>
        ) : null
      }
      data-testid="relationship-client-picker"
    />
  );
}
