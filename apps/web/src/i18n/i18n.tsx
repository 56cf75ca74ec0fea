import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setAcceptLanguage } from '../api/http.ts';
import { en } from './en.ts';
import { type Dictionary, zh } from './zh.ts';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'dossier.lang';
const dictionaries: Record<Lang, Dictionary> = { zh, en };

/** Chinese unless the user chose English before. */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    const tag = lang === 'zh' ? 'zh-CN' : 'en';
    document.documentElement.lang = tag;
    setAcceptLanguage(lang === 'zh' ? 'zh-CN,zh;q=0.9,en;q=0.5' : 'en,zh-CN;q=0.5');
  }, [lang]);

  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  const state = useContext(LangContext);
  if (!state) throw new Error('useLang() needs a <LangProvider> above it');
  return state;
}

/** The dictionary of the current language: `t.clients.title`, `t.enums.tier[client.tier]`. */
export function useT(): Dictionary {
  return dictionaries[useLang().lang];
}
