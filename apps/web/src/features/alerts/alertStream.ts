import { AlertStreamEvent } from '@dossier/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { alertKeys } from './alerts.api.ts';

/**
 * One EventSource for the whole app on GET /api/alerts/stream, opened while anything listens
 * (the header badge listens for the whole session) and closed when the last listener leaves.
 * A listener gets every alert raised or changed in the viewer's scope, and `'resync'` whenever
 * the stream (re)connects: what happened while it was down has to be asked for.
 */
export type StreamStatus = 'connecting' | 'live' | 'down';
export type StreamMessage = AlertStreamEvent | 'resync';
type Listener = (message: StreamMessage) => void;

const STREAM_URL = '/api/alerts/stream';
const EVENT_TYPES = ['alert.raised', 'alert.updated'] as const;
/** A stream the browser gave up on (the server answered other than 200) is opened again after this. */
const REOPEN_MS = 10_000;

const listeners = new Set<Listener>();
const statusListeners = new Set<() => void>();
let source: EventSource | null = null;
let reopenTimer: ReturnType<typeof setTimeout> | undefined;
let status: StreamStatus = 'connecting';

function setStatus(next: StreamStatus): void {
  if (next === status) return;
  status = next;
  for (const notify of statusListeners) notify();
}

function deliver(message: StreamMessage): void {
  for (const listener of listeners) listener(message);
}

function onEvent(event: MessageEvent<string>): void {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    data = event.data;
  }
  const parsed = AlertStreamEvent.safeParse(data);
  if (!parsed.success) {
    // Like request(): the contract is the API's truth, a drift is said loudly and the event skipped.
    console.error(`[dossier] ${STREAM_URL} sent an event outside the contract`, parsed.error.issues);
    return;
  }
  deliver(parsed.data);
}

function open(): void {
  setStatus('connecting');
  const es = new EventSource(STREAM_URL);
  source = es;
  es.onopen = () => {
    setStatus('live');
    deliver('resync');
  };
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      // The browser retries a dropped connection itself, but not a refused one (401, 502…).
      setStatus('down');
      es.close();
      if (source === es) source = null;
      clearTimeout(reopenTimer);
      reopenTimer = setTimeout(() => {
        if (listeners.size > 0 && source === null) open();
      }, REOPEN_MS);
    } else {
      setStatus('connecting');
    }
  };
  for (const type of EVENT_TYPES) es.addEventListener(type, onEvent);
}

function close(): void {
  clearTimeout(reopenTimer);
  source?.close();
  source = null;
  setStatus('connecting');
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (source === null) {
    clearTimeout(reopenTimer);
    open();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) close();
  };
}

/** Calls `onMessage` for every alert event while the component is mounted (the latest `onMessage`). */
export function useAlertStream(onMessage: Listener, enabled = true): void {
  const latest = useRef(onMessage);
  latest.current = onMessage;
  useEffect(() => {
    if (!enabled) return;
    return subscribe((message) => latest.current(message));
  }, [enabled]);
}

function subscribeStatus(notify: () => void): () => void {
  statusListeners.add(notify);
  return () => statusListeners.delete(notify);
}

export function useAlertStreamStatus(): StreamStatus {
  return useSyncExternalStore(
    subscribeStatus,
    () => status,
    () => status,
  );
}

/**
 * Keeps every alert query fresh from the stream: lists, the open counts and an open alert page are
 * asked again, at most once in `delayMs` however many alerts a batch of transactions raised.
 */
export function useLiveAlertQueries(enabled: boolean, delayMs = 250): void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useAlertStream(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    }, delayMs);
  }, enabled);
}
