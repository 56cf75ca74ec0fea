import { Segmented } from 'antd';
import { type Lang, useLang } from '../../i18n/i18n.tsx';

export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      data-testid="lang-switch"
      options={[
        { label: '中文', value: 'zh' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
