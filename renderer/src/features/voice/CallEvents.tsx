/**
 * What the agent did during a call, in order, as its record keeps it: each tool run and transfer
 * with a mark and a word (never colour alone), how long it took, and its opened detail on request.
 */
import type { ReactElement } from 'react';
import type { CallEventLine } from '../../../../shared/calls';
import { clockTime } from '../../lib/call-log';
import './agent-extras.css';

const RESULT_WORDS: Readonly<Record<string, string>> = {
  connected: 'connected',
  'no-answer': 'nobody answered',
  busy: 'the line was busy',
  voicemail: 'a voicemail answered',
  failed: 'did not go through',
  cancelled: 'cancelled',
};

const took = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** One event as a sentence an operator reads. */
function said(e: CallEventLine): { readonly what: string; readonly how: string } {
  if (e.kind === 'transfer') {
    const mode = e.detail.mode === 'cold' ? 'cold' : 'warm';
    const result = RESULT_WORDS[String(e.detail.result)] ?? String(e.detail.result ?? '');
    const leg =
      typeof e.detail.legSeconds === 'number' && e.detail.legSeconds > 0 ? ` · ${clockTime(e.detail.legSeconds)} on the line` : '';
    return { what: `Transfer to ${e.name}`, how: `${mode} · ${result}${leg}` };
  }
  if (e.kind === 'tool') return { what: `Tool ${e.name}`, how: e.ok ? 'answered' : 'failed' };
  return { what: `${e.kind} ${e.name}`, how: e.ok ? 'done' : 'failed' };
}

/** The list; nothing when the agent did nothing but talk. */
export function CallEvents({ events }: { events: readonly CallEventLine[] }): ReactElement | null {
  if (events.length === 0) return null;
  return (
    <ol className="call-events" aria-label="What the agent did">
      {events.map((e) => {
        const { what, how } = said(e);
        const summary = e.kind === 'transfer' && typeof e.detail.summary === 'string' ? e.detail.summary : null;
        return (
          <li key={e.seq} className="call-event" data-testid={`call-event-${e.seq}`}>
            <span className={`call-event-mark tone-${e.ok ? 'ok' : 'bad'}`} aria-hidden>
              {e.ok ? '●' : '✕'}
            </span>
            <span className="call-event-what">
              <span>
                <strong>{what}</strong> <span className="muted">— {how}</span>
              </span>
              {summary ? <span className="small muted">“{summary}”</span> : null}
              {e.kind === 'tool' ? (
                <details className="call-event-detail small">
                  <summary className="muted">What went in and came back</summary>
                  <pre className="mono">{JSON.stringify(e.detail, null, 2)}</pre>
                </details>
              ) : null}
            </span>
            <span className="small muted nowrap">{took(e.durationMs)}</span>
          </li>
        );
      })}
    </ol>
  );
}
