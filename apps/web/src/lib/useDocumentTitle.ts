import { useEffect } from 'react';
import { useT } from '../i18n/i18n.tsx';

export function useDocumentTitle(title: string | undefined): void {
  const t = useT();
  useEffect(() => {
    document.title = title ? `${title} · ${t.app.name}` : `${t.app.name} ${t.app.productEn}`;
  }, [title, t]);
}
