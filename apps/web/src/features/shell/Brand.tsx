import { Flex, Typography } from 'antd';
import { useT } from '../../i18n/i18n.tsx';

/** The product mark: a folder with lines, in the bank's navy and gold. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="6" fill="#1f4e8c" />
      <path d="M9 7h9.5a6 6 0 0 1 6 6v6a6 6 0 0 1-6 6H9z" fill="none" stroke="#e8c66a" strokeWidth="3" />
      <path d="M13 12h5M13 16h6M13 20h4" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function Brand({ collapsed = false, dark = false }: { collapsed?: boolean; dark?: boolean }) {
  const t = useT();
  return (
    <Flex align="center" gap={10} style={{ minWidth: 0 }}>
      <BrandMark />
      {collapsed ? null : (
        <Flex vertical style={{ lineHeight: 1.2, minWidth: 0 }}>
          <Typography.Text
            strong
            style={{ color: dark ? '#fff' : undefined, fontSize: 16, whiteSpace: 'nowrap' }}
          >
            {t.app.name}
          </Typography.Text>
          <Typography.Text
            style={{ color: dark ? 'rgba(255,255,255,0.55)' : undefined, fontSize: 12, whiteSpace: 'nowrap' }}
            type={dark ? undefined : 'secondary'}
          >
            {t.app.productEn}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
