/**
 * New voice campaign: the agent, the contacts CSV, the callee's window, retries of unanswered and
 * busy calls, the campaign's own cap on calls at once and what to do with an answering machine;
 * then the import report (rejected rows, do-not-call lists, NCPR and opt-outs) and the estimate of
 * minutes and cost per provider — before anything is dialled.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { MachineChoice } from '../../../../shared/voice-campaigns';
import { importTally } from '../../../../shared/campaigns';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import type { ErrorInfo } from '../../lib/api';
import { navigate } from '../../lib/navigation';
import { useCampaigns } from '../../stores/campaigns';
import { toast } from '../../stores/toasts';
import { type CreatedVoice, useVoiceCampaigns } from '../../stores/voice-campaigns';
import { useVoice } from '../../stores/voice';
import { IssueList } from './IssueList';
import { DEFAULTS, MACHINE_WORD } from './voice-labels';
import { VoiceEstimateCard } from './VoiceEstimate';

const MAX_FILE = 64 * 1024 * 1024;
const MACHINES = [
  { value: 'hangup', label: 'Hang up' },
  { value: 'voicemail', label: 'Leave the agent’s voicemail' },
] as const;

/** A whole number from `min` to `max`, or the sentence that says what is wrong. */
function wholeProblem(v: string, min: number, max: number, what: string): string | null {
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? null : `${what}: a whole number from ${min} to ${max}.`;
}

/** The dialog; `picker` is the channel choice it shares with the messaging form. */
export function NewVoiceCampaignDialog({ workspaceId, open, onOpenChange, picker }: { workspaceId: string; open: boolean; onOpenChange: (o: boolean) => void; picker: ReactElement }): ReactElement {
  const agents = useVoice((s) => s.byWorkspace[workspaceId]);
  const [agentId, setAgentId] = useState('');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [callWindow, setCallWindow] = useState<string>(DEFAULTS.window);
  const [country, setCountry] = useState('');
  const [retries, setRetries] = useState(String(DEFAULTS.retries));
  const [gap, setGap] = useState(String(DEFAULTS.retryGapMinutes));
  const [cap, setCap] = useState(String(DEFAULTS.maxConcurrent));
  const [cps, setCps] = useState(String(DEFAULTS.cps));
  const [machine, setMachine] = useState<MachineChoice>(DEFAULTS.machine);
  const [voicemail, setVoicemail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [created, setCreated] = useState<CreatedVoice | null>(null);
  useEffect(() => {
    if (open) void useVoice.getState().load(workspaceId);
  }, [open, workspaceId]);
  useEffect(() => {
    if (agents?.length && !agents.some((a) => a.id === agentId)) setAgentId(agents[0]?.id ?? '');
  }, [agents, agentId]);

  const windowProblem = /^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/.test(callWindow.trim()) ? null : 'Write it as HH:MM-HH:MM, e.g. 09:00-20:00.';
  const retriesProblem = wholeProblem(retries, 0, 5, 'Retries');
  const gapProblem = wholeProblem(gap, 1, 7 * 24 * 60, 'Minutes apart');
  const capProblem = wholeProblem(cap, 1, 100, 'Calls at once');
  const cpsProblem = Number(cps) > 0 && Number(cps) <= 100 ? null : 'A number of dials per second, above 0 and at most 100.';
  const ready = file !== null && agentId !== '' && !windowProblem && !retriesProblem && !gapProblem && !capProblem && !cpsProblem;

  const close = (o: boolean): void => {
    if (!o) {
      setCreated(null);
      setError(null);
      setFile(null);
      setName('');
    }
    onOpenChange(o);
  };
  const submit = async (): Promise<void> => {
    if (!file) return;
    if (file.size > MAX_FILE) {
      setError({ code: 'INVALID_INPUT', message: 'The contacts file is larger than 64 MB; split it, or import it with the command line.' });
      return;
    }
    setBusy(true);
    setError(null);
    const csv = await file.text();
    const res = await useVoiceCampaigns.getState().create({
      workspaceId,
      csv,
      agent: agentId,
      name: name.trim() || undefined,
      window: callWindow.trim(),
      retries: Number(retries),
      retryGapMinutes: Number(gap),
      maxConcurrent: Number(cap),
      cps: Number(cps),
      machine,
      voicemailText: machine === 'voicemail' && voicemail.trim() ? voicemail.trim() : undefined,
      country: country.trim() ? country.trim().toUpperCase() : null,
    });
    setBusy(false);
    if (res.ok) {
      setCreated(res.value);
      useCampaigns.getState().select(res.value.campaign.id);
    } else setError(res.error);
  };
  const start = async (): Promise<void> => {
    if (!created) return;
    const res = await useVoiceCampaigns.getState().start(created.campaign.id);
    if (res.ok) {
      toast.success(`Calling for “${created.campaign.name}”`);
      close(false);
    } else setError(res.error);
  };
  // Discarding leaves nothing behind: the campaign never dialled, so it is cancelled and deleted.
  const discard = async (): Promise<void> => {
    if (created) {
      const { id, workspaceId: ws } = created.campaign;
      const cancelled = await useVoiceCampaigns.getState().cancel(id);
      const res = cancelled.ok ? await useVoiceCampaigns.getState().remove(id, ws) : cancelled;
      if (!res.ok) {
        setError(res.error);
        return;
      }
      useCampaigns.getState().select(null);
    }
    close(false);
  };

  if (created) {
    const c = created.campaign;
    const i = c.imported;
    return (
      <Dialog
        open={open}
        onOpenChange={close}
        width="lg"
        title={`Review “${c.name}”`}
        description={`${importTally(i, 'lead')}. Nothing has been dialled.`}
        footer={
          <>
            <Button variant="ghost" onClick={() => void discard()}>
              Discard
            </Button>
            <Button onClick={() => close(false)}>Keep as ready</Button>
            <Button variant="primary" icon="phone" onClick={() => void start()}>
              Start calling
            </Button>
          </>
        }
      >
        {error ? <ErrorBanner title="Not started" error={error} /> : null}
        {created.warnings.map((w) => (
          <Notice key={w} tone="warn" title="▲ No key can pay for calls yet">
            {w}
          </Notice>
        ))}
        <div className="voice-review campaign-review-voice">
          <p className="muted voice-review-facts">
            {c.agentName} calls each lead between {c.window.replace('-', ' and ')} their time · {c.retries === 0 ? 'no retries' : `${c.retries} retr${c.retries === 1 ? 'y' : 'ies'} ${c.retryGapMinutes} min apart`} · at most {c.maxConcurrent} calls at once · {MACHINE_WORD[c.machine]}
          </p>
          <VoiceEstimateCard estimate={c.estimate} retries={c.retries} />
          <section aria-label="Rows not imported">
            <h3 className="section-title">Rows that will get no call</h3>
            <IssueList rows={created.issues.slice(0, 200)} />
            {created.issues.length > 200 || i.rejected + i.excluded + i.merged > 200 ? <p className="muted">The full report is on the campaign’s page.</p> : null}
          </section>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      width="lg"
      title="New campaign"
      description="The agent calls each lead inside the callee’s own hours, through the keys this workspace resolves to."
      footer={
        <>
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!ready} onClick={() => void submit()}>
            Import and estimate
          </Button>
        </>
      }
    >
      {error ? <ErrorBanner title="Not imported" error={error} onDismiss={() => setError(null)} /> : null}
      <div className="campaign-form">
        {picker}
        {agents && agents.length === 0 ? (
          <Notice tone="warn" title="▲ No voice agent yet">
            A voice campaign needs an agent to speak.{' '}
            <button type="button" className="link-button" onClick={() => navigate('voice')}>
              Create one on the Voice screen
            </button>
            .
          </Notice>
        ) : null}
        <div className="campaign-form-row voice-form-top">
          <div className="field">
            <label className="field-label" htmlFor="voice-campaign-agent">
              Agent
            </label>
            <select id="voice-campaign-agent" className="select" value={agentId} onChange={(e) => setAgentId(e.target.value)} disabled={!agents?.length}>
              {(agents ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <Field label="Name" value={name} onChange={setName} optional placeholder="Check-up reminders" maxLength={120} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="voice-campaign-contacts">
            Contacts (CSV)
          </label>
          <input id="voice-campaign-contacts" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <p className="field-help">Columns: phone (or mobile, phone_number), first_name, last_name, timezone, country. Do-not-call lists, India’s NCPR and opt-outs are applied on import.</p>
        </div>
        <div className="campaign-form-row">
          <Field label="Window (callee’s local time)" value={callWindow} onChange={setCallWindow} problem={windowProblem} />
          <Field label="Calls at once (this campaign)" value={cap} onChange={setCap} inputMode="numeric" problem={capProblem} help="The Anthropic key’s tier may allow fewer." />
          <Field label="Default country" value={country} onChange={setCountry} optional maxLength={2} placeholder="US" help="For numbers written without a country code." />
        </div>
        <div className="campaign-form-row">
          <Field label="Retries (no answer or busy)" value={retries} onChange={setRetries} inputMode="numeric" problem={retriesProblem} help="Each one inside the callee’s window." />
          <Field label="Minutes between attempts" value={gap} onChange={setGap} inputMode="numeric" problem={gapProblem} />
          <Field label="Dials per second" value={cps} onChange={setCps} inputMode="decimal" problem={cpsProblem} help="Twilio’s standard is 1 per second per account." />
        </div>
        <div className="field">
          <span className="field-label" id="voice-campaign-machine">
            Answering machine
          </span>
          <Segmented labelledBy="voice-campaign-machine" options={MACHINES} value={machine} onChange={setMachine} />
          <p className="field-help">{machine === 'hangup' ? 'Twilio detects the machine and the call ends at once; the lead is recorded as voicemail.' : 'Twilio waits for the beep, then the agent speaks the message below and hangs up.'}</p>
        </div>
        {machine === 'voicemail' ? (
          <div className="field">
            <label className="field-label" htmlFor="voice-campaign-voicemail">
              Voicemail message<span className="field-optional">optional</span>
            </label>
            <textarea id="voice-campaign-voicemail" className="textarea" rows={3} maxLength={1000} value={voicemail} onChange={(e) => setVoicemail(e.target.value)} placeholder="Blank: the agent’s greeting." />
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
