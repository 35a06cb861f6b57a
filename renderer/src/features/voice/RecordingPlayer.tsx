/**
 * A call's recording in its record: the sealed WAV opened through calls:recording (as base64) while the dialog
 * is open, played from a blob URL that is revoked when the dialog closes. Says so when the call was
 * not recorded, and when a recording was cut at its length limit.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { RecordingInfo } from '../../../../shared/call-recordings';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { ErrorInfo } from '../../lib/api';
import { clockTime } from '../../lib/call-log';
import { fullTime } from '../../lib/time';
import { useVoice } from '../../stores/voice';

/** The player, or a line saying there is nothing to play. */
export function RecordingPlayer({ workspaceId, callId }: { workspaceId: string; callId: string }): ReactElement | null {
  const [state, setState] = useState<
    { kind: 'loading' } | { kind: 'none' } | { kind: 'error'; error: ErrorInfo } | { kind: 'ready'; url: string; info: RecordingInfo }
  >({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    let url: string | null = null;
    void useVoice
      .getState()
      .openRecording(workspaceId, callId)
      .then((res) => {
        if (!live) return;
        if (!res.ok) return setState({ kind: 'error', error: res.error });
        if (!res.value) return setState({ kind: 'none' });
        const binary = atob(res.value.wavBase64);
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        url = URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
        setState({ kind: 'ready', url, info: res.value.info });
      });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [workspaceId, callId]);

  if (state.kind === 'loading') return null;
  if (state.kind === 'none') return <p className="small muted">Not recorded.</p>;
  if (state.kind === 'error') return <ErrorBanner title="Recording not opened" error={state.error} />;
  const { info } = state;
  return (
    <figure className="call-recording" aria-label="Recording">
      <audio controls preload="metadata" src={state.url} data-testid="call-recording" />
      <figcaption className="small muted">
        Recording {clockTime(Math.round(info.durationMs / 1000))} · caller on the left, agent on the right · kept until{' '}
        {fullTime(info.expiresAt)}
        {info.truncated ? ' · cut at 30 minutes' : ''}
      </figcaption>
    </figure>
  );
}
