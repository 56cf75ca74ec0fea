import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * A headline figure: its title, the value in large tabular digits, a quiet note under it.
 * `compact` for panels that stack several currencies in one value (the group view).
 */
export function Figure({
  title,
  value,
  note,
  testId,
  color,
  compact = false,
}: {
  title: string;
  value: ReactNode;
  note?: ReactNode;
  testId: string;
  color?: string | undefined;
  compact?: boolean;
}) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        <div
          style={{
            fontSize: compact ? 20 : 24,
            fontWeight: 600,
            lineHeight: compact ? 1.35 : 1.3,
            color,
            fontVariantNumeric: 'tabular-nums',
          }}
          data-testid={testId}
        >
          {value}
        </div>
        {note ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {note}
          </Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}
