import type { Suggestion } from '@dossier/contract';
import { AutoComplete, Flex, Input, type InputRef, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { MatchReason } from '../../i18n/zh.ts';
import { useT } from '../../i18n/i18n.tsx';
import { KindTag, TierTag } from '../../ui/EnumTags.tsx';
import { useSuggestions } from './clients.api.ts';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function SuggestionRow({ item }: { item: Suggestion }) {
  const t = useT();
  const reason = t.enums.matchReason[item.matchedOn as MatchReason] ?? item.matchedOn;
  return (
    <Flex justify="space-between" align="center" gap={8} data-testid="client-suggestion">
      <Flex align="center" gap={8} style={{ minWidth: 0 }}>
        <Typography.Text strong ellipsis>
          {item.name}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.code}
        </Typography.Text>
      </Flex>
      <Flex align="center" gap={4} style={{ flexShrink: 0 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {reason}
        </Typography.Text>
        <KindTag kind={item.kind} />
        <TierTag tier={item.tier} />
      </Flex>
    </Flex>
  );
}

interface ClientSearchBoxProps {
  initial: string;
  onSearch: (q: string) => void;
}

/**
 * Typeahead over names, pinyin, initials, codes, ID numbers and mobiles. Choosing a suggestion opens
 * the client; Enter searches the list with what was typed.
 */
export function ClientSearchBox({ initial, onSearch }: ClientSearchBoxProps) {
  const t = useT();
  const navigate = useNavigate();
  const [text, setText] = useState(initial);
  const chosen = useRef(false);
  const input = useRef<InputRef>(null);
  const debounced = useDebounced(text, 200);
  const suggestions = useSuggestions(debounced);

  useEffect(() => setText(initial), [initial]);

  const options = (suggestions.data ?? []).map((item) => ({
    value: `client:${item.id}`,
    label: <SuggestionRow item={item} />,
  }));

  const submit = (value: string) => {
    // Enter on a highlighted suggestion both selects it and submits; the selection wins.
    setTimeout(() => {
      if (chosen.current) {
        chosen.current = false;
        return;
      }
      // Leaving the box closes the suggestions, so the list below is what the user sees.
      input.current?.blur();
      onSearch(value.trim());
    }, 0);
  };

  return (
    <AutoComplete
      value={text}
      options={options}
      onSearch={setText}
      onSelect={(value: string) => {
        chosen.current = true;
        const id = value.replace('client:', '');
        navigate(`/clients/${id}`);
      }}
      notFoundContent={
        debounced.trim() && suggestions.isSuccess ? (
          <Typography.Text type="secondary">{t.clients.noSuggestion}</Typography.Text>
        ) : null
      }
      style={{ width: 420, maxWidth: '100%' }}
      popupMatchSelectWidth={480}
    >
      <Input.Search
        ref={input}
        allowClear
        placeholder={t.clients.searchPlaceholder}
        onSearch={submit}
        enterButton
        data-testid="client-search"
        aria-label={t.clients.searchPlaceholder}
      />
    </AutoComplete>
  );
}
