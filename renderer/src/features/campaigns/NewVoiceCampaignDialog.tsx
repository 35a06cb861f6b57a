/**
 * New voice campaign: the agent, the contacts CSV, the callee's window, retries of unanswered and
 * busy calls, the campaign's own cap on calls at once and what to do with an answering machine;
 * then the import report (rejected rows, do-not-call lists, NCPR and opt-outs) and the estimate of
 * minutes and cost per provider — before anything is dialled.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { MachineChoice } from '../../../../shared/voice-campaigns';
import { Notice } from '../../components/ErrorBanner';
import { Field, TextAreaField } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { navigate } from '../../lib/navigation';
import { useCampaigns } from '../../stores/campaigns';
import { toast } from '../../stores/toasts';
import { type CreatedVoice, useVoiceCampaigns } from '../../stores/voice-campaigns';
import { useVoice } from '../../stores/voice';
import { ContactsField, CountryField, ImportFormDialog, ReviewDialog, RowsLeftOut, useImportForm } from './ImportDialog';
import { DEFAULTS, MACHINE_WORD } from './voice-labels';
import { VoiceEstimateCard } from './VoiceEstimate';

const MACHINES = [
  { value: 'hangup', label: 'Hang up' },
  { value: 'voicemail', label: 'Leave the agent’s voicemail' },
] as const;

/** What the carrier does with an answering machine, for each choice. */
const MACHINE_HELP = {
  hangup: 'Twilio detects the machine and the call ends at once; the lead is recorded as voicemail.',
  voicemail: 'Twilio waits for the beep, then the agent speaks the message below and hangs up.',
} as const;

/** A whole number from `min` to `max`, or the sentence that says what is wrong. */
function wholeProblem(v: string, min: number, max: number, what: string): string | null {
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? null : `${what}: a whole number from ${min} to ${max}.`;
}

/** The dialog; `picker` is the channel choice it shares with the messaging form. */
export function NewVoiceCampaignDialog({
  workspaceId,
  open,
  onOpenChange,
  picker,
}: {
  workspaceId: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  picker: ReactElement;
}): ReactElement {
  const agents = useVoice((s) => s.byWorkspace[workspaceId]);
  const [agentId, setAgentId] = useState('');
  const [callWindow, setCallWindow] = useState<string>(DEFAULTS.window);
  const [country, setCountry] = useState('');
  const [retries, setRetries] = useState(String(DEFAULTS.retries));
  const [gap, setGap] = useState(String(DEFAULTS.retryGapMinutes));
  const [cap, setCap] = useState(String(DEFAULTS.maxConcurrent));
  const [cps, setCps] = useState(String(DEFAULTS.cps));
  const [machine, setMachine] = useState<MachineChoice>(DEFAULTS.machine);
  const [voicemail, setVoicemail] = useState('');
  const form = useImportForm<CreatedVoice>(onOpenChange);
  const { name, file, created, close, setError } = form;
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

  const submit = (): Promise<void> =>
    form.submit(
      (csv) =>
        useVoiceCampaigns.getState().create({
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
        }),
      (made) => useCampaigns.getState().select(made.campaign.id),
    );
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
    return (
      <ReviewDialog
        open={open}
        onOpenChange={close}
        name={c.name}
        imported={c.imported}
        one="lead"
        notYet="dialled"
        start={{ label: 'Start calling', icon: 'phone', onClick: () => void start() }}
        onDiscard={() => void discard()}
        error={form.error}
        warnings={created.warnings}
        warningTitle="▲ No key can pay for calls yet"
      >
        <div className="voice-review campaign-review-voice">
          <p className="muted voice-review-facts">
            {c.agentName} calls each lead between {c.window.replace('-', ' and ')} their time ·{' '}
            {c.retries === 0 ? 'no retries' : `${c.retries} retr${c.retries === 1 ? 'y' : 'ies'} ${c.retryGapMinutes} min apart`} · at most{' '}
            {c.maxConcurrent} calls at once · {MACHINE_WORD[c.machine]}
          </p>
          <VoiceEstimateCard estimate={c.estimate} retries={c.retries} />
          <RowsLeftOut title="Rows that will get no call" issues={created.issues} imported={c.imported} />
        </div>
      </ReviewDialog>
    );
  }

  return (
    <ImportFormDialog
      open={open}
      onOpenChange={close}
      description="The agent calls each lead inside the callee’s own hours, through the keys this workspace resolves to."
      submitLabel="Import and estimate"
      busy={form.busy}
      ready={ready}
      onSubmit={() => void submit()}
      error={form.error}
      onDismiss={() => setError(null)}
      picker={picker}
    >
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
          <select
            id="voice-campaign-agent"
            className="select"
            value={agentId}
            onChange={(e) => setAgentId(e.target.value)}
            disabled={!agents?.length}
          >
            {(agents ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <Field label="Name" value={name} onChange={form.setName} optional placeholder="Check-up reminders" maxLength={120} />
      </div>
      <ContactsField id="voice-campaign-contacts" onFile={form.setFile}>
        Columns: phone (or mobile, phone_number), first_name, last_name, timezone, country. Do-not-call lists, India’s NCPR and opt-outs are
        applied on import.
      </ContactsField>
      <div className="campaign-form-row">
        <Field label="Window (callee’s local time)" value={callWindow} onChange={setCallWindow} problem={windowProblem} />
        <Field
          label="Calls at once (this campaign)"
          value={cap}
          onChange={setCap}
          inputMode="numeric"
          problem={capProblem}
          help="The Anthropic key’s tier may allow fewer."
        />
        <CountryField value={country} onChange={setCountry} />
      </div>
      <div className="campaign-form-row">
        <Field
          label="Retries (no answer or busy)"
          value={retries}
          onChange={setRetries}
          inputMode="numeric"
          problem={retriesProblem}
          help="Each one inside the callee’s window."
        />
        <Field label="Minutes between attempts" value={gap} onChange={setGap} inputMode="numeric" problem={gapProblem} />
        <Field
          label="Dials per second"
          value={cps}
          onChange={setCps}
          inputMode="decimal"
          problem={cpsProblem}
          help="Twilio’s standard is 1 per second per account."
        />
      </div>
      <div className="field">
        <span className="field-label" id="voice-campaign-machine">
          Answering machine
        </span>
        <Segmented labelledBy="voice-campaign-machine" options={MACHINES} value={machine} onChange={setMachine} />
        <p className="field-help">{machine === 'hangup' ? MACHINE_HELP.hangup : MACHINE_HELP.voicemail}</p>
      </div>
      {machine === 'voicemail' ? (
        <TextAreaField
          label="Voicemail message"
          optional
          rows={3}
          maxLength={1000}
          value={voicemail}
          onChange={setVoicemail}
          placeholder="Blank: the agent’s greeting."
        />
      ) : null}
    </ImportFormDialog>
  );
}
