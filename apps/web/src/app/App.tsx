import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { isApiError, setUnauthorizedHandler } from '../api/http.ts';
import { markSessionLost } from '../features/auth/auth.api.ts';
import { LangProvider, useLang } from '../i18n/i18n.tsx';
import { setDayjsLocale } from '../lib/time.ts';
import { router } from './router.tsx';

const SYSTEM_FONTS = "-apple-system, BlinkMacSystemFont, 'Segoe UI'";
const LATIN_FONTS = "'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans'";
const CJK_FONTS =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei'";
/**
 * Chinese: CJK faces before the Latin ones. English: Latin faces first, so that where the system
 * face is missing (Linux) apostrophes and quotes are not set in a CJK face's full width; Chinese
 * names in English pages still find a CJK face.
 */
const FONTS = {
  zh: `${SYSTEM_FONTS}, ${CJK_FONTS}, ${LATIN_FONTS}, sans-serif`,
  en: `${SYSTEM_FONTS}, ${LATIN_FONTS}, ${CJK_FONTS}, sans-serif`,
};

const zhTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1f4e8c',
    colorLink: '#1f4e8c',
    borderRadius: 6,
    colorBgLayout: '#f3f5f9',
    fontFamily: FONTS.zh,
  },
  components: {
    Layout: { siderBg: '#0f2744', triggerBg: '#0b1f38', headerBg: '#ffffff' },
    Menu: { darkItemBg: '#0f2744', darkSubMenuItemBg: '#0b1f38', darkItemSelectedBg: '#1f4e8c' },
    Table: { headerBg: '#f7f9fc' },
  },
};
const THEMES: Record<'zh' | 'en', ThemeConfig> = {
  zh: zhTheme,
  en: { ...zhTheme, token: { ...zhTheme.token, fontFamily: FONTS.en } },
};

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // Asking again does not help with "not allowed", "not found" or "bad request".
        retry: (count, error) =>
          count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
    },
  });
}

function LocalizedApp({ queryClient }: { queryClient: QueryClient }) {
  const { lang } = useLang();
  setDayjsLocale(lang);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEMES[lang]}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  useEffect(() => {
    setUnauthorizedHandler(() => markSessionLost(queryClient));
  }, [queryClient]);
  return (
    <LangProvider>
      <LocalizedApp queryClient={queryClient} />
    </LangProvider>
  );
}
