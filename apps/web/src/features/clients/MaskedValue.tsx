import { EyeOutlined } from '@ant-design/icons';
import { Button, Flex, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { RevealableField } from '../../i18n/zh.ts';
import { useT } from '../../i18n/i18n.tsx';
import { RevealModal } from './RevealModal.tsx';

interface MaskedValueProps {
  clientId: number;
  field: RevealableField;
  contactId?: number | undefined;
  masked: string;
  canReveal: boolean;
  display?: (value: string) => string;
}

const asIs = (value: string) => value;

/** `138****5678` with an eye button; the clear value is kept in this component only, never cached. */
export function MaskedValue({
  clientId,
  field,
  contactId,
  masked,
  canReveal,
  display = asIs,
}: MaskedValueProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [clear, setClear] = useState<string | null | undefined>(undefined);
  const testId = contactId ? `reveal-${field}-${contactId}` : `reveal-${field}`;

  const modal = canReveal ? (
    <RevealModal
      clientId={clientId}
      field={field}
      contactId={contactId}
      open={open}
      onClose={() => setOpen(false)}
      onRevealed={setClear}
      display={display}
    />
  ) : null;

  // One tree for both states, so the modal stays mounted (and keeps showing the value) after the reveal.
  return (
    <Flex align="center" gap={4}>
      {clear !== undefined ? (
        <Typography.Text className="dossier-masked" copyable={clear ? { text: clear } : false} mark>
          {clear ? display(clear) : t.reveal.empty}
        </Typography.Text>
      ) : (
        <>
          <Tooltip title={t.profile.masked}>
            <span className="dossier-masked">{masked}</span>
          </Tooltip>
          {canReveal ? (
            <Tooltip title={t.reveal.button}>
              <Button
                type="text"
                size="small"
                icon={<EyeOutlined />}
                onClick={() => setOpen(true)}
                aria-label={t.reveal.button}
                data-testid={testId}
              />
            </Tooltip>
          ) : null}
        </>
      )}
      {modal}
    </Flex>
  );
}
