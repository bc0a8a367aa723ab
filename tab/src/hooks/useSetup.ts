import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ConnectionTestWire,
  ConnectStart,
  ConsentPopupMessage,
  SetupStatus,
} from '../../../server/connect/setupContracts';
import { apiGet, apiSend } from '../api/client';
import { connectToTeams } from '../teams/teamsHost';
import { useApiResource, type Resource } from './useApiResource';

export interface Pending<T> {
  pending: boolean;
  result: T | null;
  error: Error | null;
}

export interface DiagnosticsCopy {
  /** true: on the clipboard; false: the browser refused, `text` is shown to copy by hand. */
  copied: boolean;
  text: string;
}

export interface SetupState {
  status: Resource<SetupStatus>;
  connect: Pending<null> & {
    /** Consent runs in another window (inside Teams): the page polls until it comes back. */
    waiting: boolean;
    /** The consent URL when the browser blocked the new window: the page offers it as a link. */
    blockedUrl: string | null;
  };
  /** What the consent window reported (popup mode). */
  popupOutcome: ConsentPopupMessage | null;
  test: Pending<ConnectionTestWire>;
  diagnostics: Pending<DiagnosticsCopy>;
  startConnect: () => void;
  runTest: () => void;
  copyDiagnostics: () => void;
}

const WAIT_POLL_MS = 3000;
const WAIT_LIMIT_MS = 10 * 60_000;
const idle = { pending: false, result: null, error: null };

/**
 * The Setup view's data and actions: connection status, "Connect with Microsoft" (a full-page redirect in a browser;
 * inside Teams, whose frame cannot be navigated away, a new window while this page polls), "Test connection" and
 * "Copy diagnostics".
 */
export function useSetup(): SetupState {
  const status = useApiResource<SetupStatus>('/api/setup/status');
  const [connect, setConnect] = useState<SetupState['connect']>({ ...idle, waiting: false, blockedUrl: null });
  const [popupOutcome, setPopupOutcome] = useState<ConsentPopupMessage | null>(null);
  const [test, setTest] = useState<Pending<ConnectionTestWire>>(idle);
  const [diagnostics, setDiagnostics] = useState<Pending<DiagnosticsCopy>>(idle);
  const inTeams = useRef(false);
  const { reload } = status;

  useEffect(() => {
    void connectToTeams().then((host) => (inTeams.current = host.inTeams));
    // The consent window (same origin only) says how it ended.
    const onMessage = (event: MessageEvent<unknown>) => {
      const data = event.data as Partial<ConsentPopupMessage> | null;
      if (event.origin !== window.location.origin || data?.type !== 'copilot-observatory:consent') return;
      setPopupOutcome(data as ConsentPopupMessage);
      setConnect((c) => ({ ...c, waiting: false, blockedUrl: null }));
      reload();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [reload]);

  useWaitForConsent(connect.waiting, status.data?.connection.updatedAt ?? null, () => {
    setConnect((c) => ({ ...c, waiting: false }));
    reload();
  });

  const startConnect = useCallback(() => {
    const popup = inTeams.current;
    setConnect({ ...idle, pending: true, waiting: false, blockedUrl: null });
    setPopupOutcome(null);
    apiSend<ConnectStart>('POST', '/api/setup/connect', { ui: popup ? 'popup' : 'redirect' }).then(
      ({ url }) => {
        if (!popup) {
          window.location.assign(url);
          return;
        }
        const opened = window.open(url, '_blank', 'popup,width=600,height=720');
        setConnect({ ...idle, waiting: true, blockedUrl: opened ? null : url });
      },
      (error: unknown) => setConnect({ ...idle, error: error as Error, waiting: false, blockedUrl: null }),
    );
  }, []);

  const runTest = useCallback(() => {
    setTest({ ...idle, pending: true });
    apiSend<ConnectionTestWire>('POST', '/api/setup/test').then(
      (result) => {
        setTest({ ...idle, result });
        reload();
      },
      (error: unknown) => setTest({ ...idle, error: error as Error }),
    );
  }, [reload]);

  const copyDiagnostics = useCallback(() => {
    setDiagnostics({ ...idle, pending: true });
    apiGet<unknown>('/api/setup/diagnostics')
      .then(async (report) => {
        const text = JSON.stringify(report, null, 2);
        setDiagnostics({ ...idle, result: { copied: await copyText(text), text } });
      })
      .catch((error: unknown) => setDiagnostics({ ...idle, error: error as Error }));
  }, []);

  return { status, connect, popupOutcome, test, diagnostics, startConnect, runTest, copyDiagnostics };
}

/** While consent runs in another window, re-reads the status until the connection record changes. */
function useWaitForConsent(waiting: boolean, updatedAt: string | null, onChange: () => void): void {
  const since = useRef<string | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    if (!waiting) return;
    since.current = updatedAt;
    const started = Date.now();
    const timer = setInterval(() => {
      apiGet<SetupStatus>('/api/setup/status').then(
        (next) => {
          if (next.connection.updatedAt !== since.current || Date.now() - started > WAIT_LIMIT_MS) changed.current();
        },
        () => undefined, // a failed poll is retried on the next tick
      );
    }, WAIT_POLL_MS);
    return () => clearInterval(timer);
    // Only `waiting` starts a wait: the baseline is the status shown when it began.
  }, [waiting]);
}

/** The Clipboard API where the host allows it, else the old copy command on a hidden textarea. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Teams' frame or an insecure origin can refuse the Clipboard API: try the legacy path below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
