/**
 * Voice campaigns in the console: created from the New Campaign dialog with a contacts CSV (the
 * import report and the estimate per provider before anything is dialled), run through the real
 * voice runner against the Twilio, Deepgram, Claude and Cartesia simulators with callees that
 * answer, are busy, do not answer or are machines; its live calls followed with their transcript,
 * then its outcome counts, cost by provider and key owner, and one call's record.
 */
import { Readable } from 'node:stream';
import { agentDone } from '../helpers/voice-rig';
import { CampaignCallees } from '../sim/campaign-callees';
import { MACHINE_GREETING } from '../sim/twilio-calls';
import { expect, open, secretSightings, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { E2EVoice, startE2EVoice, voiceWorkspace } from './support/voice-runner';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';

const ASHA = '+14155551001';
const BUSY = '+14155551002';
const AWAY = '+14155551003';
const MACHINE = '+14155551004';

test.describe('Voice campaigns', () => {
  test.use({ appOptions: { voice: startE2EVoice } });

  test('creates a voice campaign from a CSV with its estimate, runs it against the simulators, follows a live call, then shows outcomes, cost and a transcript', async ({
    page,
    app,
  }) => {
    const voice = app.voice as E2EVoice;
    const ws = await voiceWorkspace(app, 'Acme Dental');
    app.core.agents.create(
      ws,
      {
        name: 'Ava',
        greeting: 'Hi, this is Ava from Acme Dental. Do you have a minute?',
        systemPrompt: 'You are Ava, calling patients of Acme Dental to book a check-up. Keep replies short.',
      },
      'console',
    );
    // Asha answers and stays on the line until the test lets her speak; the others never talk to the agent.
    let letAshaSpeak: () => void = () => undefined;
    const ashaMaySpeak = new Promise<void>((r) => (letAshaSpeak = r));
    const callees = new CampaignCallees(voice.twilio, {
      behaviour: (to) => (to === BUSY ? 'busy' : to === AWAY ? 'no-answer' : to === MACHINE ? 'machine' : 'answer'),
      onHuman: async (_call, media) => {
        const greeted = await agentDone(media, 0);
        await ashaMaySpeak;
        await media.speak('Yes, I would like to book a check-up.', 700);
        await agentDone(media, greeted).catch(() => undefined);
        await media.closed;
      },
    });
    voice.onCall = callees.onCall;
    voice.anthropic.state.stream.replies.push({
      text: 'Wonderful, I have booked you for Tuesday at ten. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Booked a check-up for Tuesday at ten.' },
    });
    // The answering machine speaks first (its greeting, heard by its call's recogniser until the
    // runner hangs up on machine_start); Asha speaks only once the test lets her.
    voice.deepgram.queueTranscripts(MACHINE_GREETING, 'Yes, I would like to book a check-up.');

    await open(page, app, 'campaigns');
    await switchWorkspace(page, 'Acme Dental');
    await page.getByRole('button', { name: 'New campaign' }).first().click();
    const form = page.getByRole('dialog', { name: 'New campaign' });
    await form.getByRole('radio', { name: 'Voice' }).click();
    await expect(form.getByLabel('Agent')).toHaveValue(app.core.agents.get(ws, 'Ava').id);
    await expect(form.getByLabel('Window (callee’s local time)')).toHaveValue('09:00-20:00');
    await expect(form.getByLabel('Retries (no answer or busy)')).toHaveValue('2');
    await expect(form.getByLabel('Minutes between attempts')).toHaveValue('60');
    await expect(form.getByLabel('Calls at once (this campaign)')).toHaveValue('25');
    const csv = [
      'phone,first_name,timezone',
      `${ASHA},Asha,America/New_York`,
      `${BUSY},Ben,America/New_York`,
      `${AWAY},Chloe,America/Chicago`,
      `${MACHINE},Dev,America/Los_Angeles`,
      'n/a,Nobody,America/New_York',
      `+1 (415) 555-1001,Asha again,America/New_York`,
    ].join('\n');
    await form.getByLabel('Contacts (CSV)').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByLabel('Retries (no answer or busy)').fill('9');
    await expect(form.getByText('Retries: a whole number from 0 to 5.')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Import and estimate' })).toBeDisabled();
    await form.getByLabel('Retries (no answer or busy)').fill('0');
    // Every hour of the day is inside the window, so the test does not depend on the clock.
    await form.getByLabel('Window (callee’s local time)').fill('00:00-24:00');
    await form.getByRole('radio', { name: 'Leave the agent’s voicemail' }).click();
    await form.getByLabel('Voicemail message').fill('Ava from Acme Dental here: please call us back to book your check-up.');
    await form.getByRole('radio', { name: 'Hang up' }).click();
    await form.getByLabel('Name').fill('Check-up reminders');
    await shot(page, 'voice-campaign-form');
    await form.getByRole('button', { name: 'Import and estimate' }).click();

    const review = page.getByRole('dialog', { name: 'Review “Check-up reminders”' });
    await expect(review).toContainText('6 rows → 4 leads · 1 rejected · 0 excluded · 1 duplicate merged. Nothing has been dialled.');
    await expect(review).toContainText('“n/a” is not a phone number');
    await expect(review).toContainText('same number as line 2');
    const estimate = review.getByRole('table', { name: 'Estimate per provider' }).getByRole('row');
    await expect(estimate).toHaveCount(5);
    const made = app.core.voiceCampaigns.list(ws)[0];
    if (!made) throw new Error('the campaign was not stored');
    const e = made.estimate;
    await expect(review).toContainText(
      `About ${e.calls} calls to 4 leads, if ${Math.round(e.answerRate * 100)}% answer and an answered call lasts ${e.minutesPerCall} min: ${e.minutes} carrier minutes.`,
    );
    await expect(estimate.nth(1)).toContainText(`TwilioCalls${e.minutes} minClient’s own`);
    for (const name of ['Deepgram', 'Anthropic', 'Cartesia'])
      await expect(review.getByRole('table', { name: 'Estimate per provider' })).toContainText(name);
    await expect(review.getByTestId('estimate-total')).toHaveText(`$${e.costUsd.toFixed(e.costUsd < 1 ? 4 : 2)}`);
    await shot(page, 'voice-campaign-new');
    // The estimate came before any call.
    expect(callees.dialled.size).toBe(0);
    await review.getByRole('button', { name: 'Start calling' }).click();
    await expect(review).toBeHidden();

    const detail = page.locator('.campaign-detail');
    await expect(detail.locator('.campaign-status .campaign-state')).toHaveText('● Calling');
    const liveCalls = detail.getByTestId('voice-live-calls');
    const asha = liveCalls.getByRole('button', { name: 'Follow the call to Asha' });
    await expect(asha).toContainText('In call');
    await asha.click();
    const liveView = detail.getByTestId('live-call');
    await expect(liveView).toContainText(`Ava → ${ASHA}`);
    const transcript = liveView.getByRole('log', { name: 'Transcript' });
    await expect(transcript.locator('.is-agent').first()).toHaveText('AgentHi, this is Ava from Acme Dental. Do you have a minute?');
    // How long: the elapsed time ticks while the call runs.
    const elapsed = asha.getByTestId('voice-live-elapsed');
    const first = await elapsed.textContent();
    await expect(elapsed).not.toHaveText(first ?? '');
    await expect(elapsed).toHaveText(/^\d+:\d{2}$/);
    // The others end meanwhile: busy, unanswered, a machine hung up on.
    await expect(detail.getByTestId('outcome-busy')).toContainText('Busy1');
    await expect(detail.getByTestId('outcome-no_answer')).toContainText('No answer1');
    await expect(detail.getByTestId('outcome-voicemail')).toContainText('Voicemail1');
    await expect(detail.getByTestId('voice-ceiling')).toContainText(/calls? at once: /);
    await expect(detail.getByTestId('ceiling-count')).toHaveText(/^1 of \d+$/);
    await shot(page, 'voice-campaign-detail');

    // Paused, nothing more is dialled and the call on the line goes on; resumed, the campaign is calling
    // again at once with that call still on the line, and finishes once it ends.
    await detail.getByRole('button', { name: 'Pause' }).click();
    await expect(detail.locator('.campaign-status .campaign-state')).toHaveText('▲ Paused');
    await expect(liveView).toContainText('In call');
    await detail.getByRole('button', { name: 'Resume' }).click();
    await expect(detail.locator('.campaign-status .campaign-state')).toHaveText('● Calling');
    await expect(detail.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(liveView).toContainText('In call');
    await expect(detail.getByTestId('voice-live-calls')).toContainText('1 now');
    await shot(page, 'voice-campaign-resumed');
    letAshaSpeak();
    await expect(transcript.locator('.is-caller')).toHaveText(['CallerYes, I would like to book a check-up.']);
    await expect(liveView.getByRole('status')).toHaveText('● Interested — Booked a check-up for Tuesday at ten.');
    await expect(detail.locator('.campaign-status .campaign-state')).toHaveText('● Completed');
    await expect(detail.getByTestId('voice-progress')).toHaveText('4 of 4 leads done — 4 called');
    for (const [outcome, words] of [
      ['interested', '● Interested1'],
      ['callback', '▲ Call back0'],
      ['not_interested', '✕ Not interested0'],
      ['voicemail', '○ Voicemail1'],
      ['no_answer', '○ No answer1'],
      ['busy', '○ Busy1'],
      ['failed', '✕ Failed0'],
      ['do_not_call', '✕ Do not call0'],
    ] as const)
      await expect(detail.getByTestId(`outcome-${outcome}`)).toHaveText(words);
    expect(callees.twice()).toEqual([]);
    expect([...callees.dialled.keys()].sort()).toEqual([ASHA, BUSY, AWAY, MACHINE]);

    // Minutes and cost by provider and whose key paid: this workspace's own keys paid for everything.
    const costs = detail.getByRole('table', { name: 'Cost by provider and key' });
    await expect(costs).toContainText('Twilio');
    await expect(costs).toContainText('Client’s own');
    await expect(costs).not.toContainText('Agency’s');
    const done = app.core.voiceCampaigns.get(made.id);
    await expect(detail.getByTestId('cost-split')).toHaveText(
      `Client’s keys $${done.cost.ownUsd.toFixed(done.cost.ownUsd > 0 && done.cost.ownUsd < 1 ? 4 : 2)} · agency’s keys $0.00`,
    );

    const rows = detail.getByTestId('voice-lead');
    await expect(rows).toHaveCount(4);
    await expect(rows.filter({ hasText: ASHA })).toContainText('● Interested');
    await expect(rows.filter({ hasText: BUSY })).toContainText('○ Busy');
    await detail.getByRole('button', { name: `Open the call to ${ASHA}` }).click();
    const record = page.getByRole('dialog', { name: `Ava → ${ASHA}` });
    await expect(record).toContainText('● Interested — Booked a check-up for Tuesday at ten.');
    await expect(record.getByRole('list', { name: 'Transcript' }).getByRole('listitem')).toHaveText([
      'AgentHi, this is Ava from Acme Dental. Do you have a minute?',
      'CallerYes, I would like to book a check-up.',
      'AgentWonderful, I have booked you for Tuesday at ten. Goodbye!',
    ]);
    await record.getByRole('button', { name: 'Close' }).first().click();
    await expect(record).toBeHidden();
    // Closing the dialog focused the row it came from, far down the pane: show the campaign from its top.
    await page.locator('.campaign-detail').evaluate((el) => {
      for (let p: Element | null = el; p; p = p.parentElement) p.scrollTop = 0;
    });
    await shot(page, 'voice-campaign-done');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'voice-campaign-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot(page, 'voice-campaign-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    await detail.getByRole('tab', { name: 'Import report (2)' }).click();
    await expect(detail).toContainText('“n/a” is not a phone number');
    expect(await secretSightings(page, app.secrets())).toEqual([]);
    await callees.settle();
  });

  test('leaves Exotel calls whose answer was lost in doubt, and dials them again only once the operator confirms the count', async ({
    page,
    app,
  }) => {
    const ws = clientWorkspace(app, 'Pune Homes');
    app.core.workspaces.setCountry(ws, 'IN', 'console');
    for (const p of ['anthropic', 'cartesia', 'deepgram', 'exotel'] as const) await addKey(app, ws, p);
    app.core.onboarding.complete(ws, 'console');
    app.core.agents.create(
      ws,
      { name: 'Asha', greeting: 'Namaste, this is Asha from Pune Homes.', systemPrompt: 'You are Asha, calling about flats in Baner.' },
      'console',
    );
    const contacts = 'phone,first_name,timezone\n+919812345601,Ravi,Asia/Kolkata\n+919812345602,Meera,Asia/Kolkata\n';
    const made = await app.core.voiceCampaigns.create(
      {
        workspaceId: ws,
        agent: 'Asha',
        name: 'Site visits',
        contacts: Readable.from([Buffer.from(contacts)]),
        window: '00:00-24:00',
        retries: 0,
      },
      'console',
    );
    const exotel = app.sim('exotel');
    // Exotel answers the call requests with a server error: they may or may not have rung, and Exotel cannot be asked.
    exotel.setFault({ kind: 'server-error' }, { method: 'POST' });
    const dials = (): number => exotel.requests.filter((r) => r.method === 'POST' && r.path.includes('/Calls/')).length;

    await open(page, app, 'campaigns');
    await switchWorkspace(page, 'Pune Homes');
    await page.getByRole('button', { name: /Site visits/ }).click();
    const detail = page.locator('.campaign-detail');
    await detail.getByRole('button', { name: 'Start calling' }).click();
    await expect(detail.getByText('▲ 2 calls in doubt')).toBeVisible();
    await expect(detail).toContainText('Exotel may have placed these calls before Switchboard stopped, and cannot be asked.');
    await expect(detail.getByTestId('voice-progress')).toContainText('2 in doubt');
    await detail.getByLabel('State').selectOption({ label: '▲ In doubt' });
    await expect(detail.getByTestId('voice-lead')).toHaveCount(2);
    await expect(detail.getByTestId('voice-lead').first()).toContainText('▲ In doubt');
    await expect(detail.getByTestId('voice-lead').first()).toContainText('check its call log, then dial again');
    const before = dials();
    expect(before).toBeGreaterThanOrEqual(2);

    await detail.getByRole('button', { name: 'Dial 2 again…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Dial 2 leads again?' });
    await expect(confirm).toContainText('Check Exotel’s call log first — whoever was already called will be rung a second time.');
    await shot(page, 'voice-campaign-in-doubt');
    // Nothing is dialled until the operator says so.
    expect(dials()).toBe(before);
    await confirm.getByRole('button', { name: 'Dial again' }).click();
    await expect.poll(dials).toBeGreaterThanOrEqual(before + 2);
    expect(app.core.audit.list({ action: 'campaign.dial-again' })).toHaveLength(1);
    expect(made.campaign.id).toBe(app.core.voiceCampaigns.list(ws)[0]?.id);
  });
});

test.describe('Voice campaigns without a runner', () => {
  test('reviews a campaign whose keys are missing, refuses to start it in one sentence, cancels it and deletes it, naming what is lost each time', async ({
    page,
    app,
  }) => {
    const ws = clientWorkspace(app, 'Globex');
    app.core.workspaces.setFallback(ws, false, 'console');
    await open(page, app, 'campaigns');
    await switchWorkspace(page, 'Globex');
    await page.getByRole('button', { name: 'New campaign' }).first().click();
    const form = page.getByRole('dialog', { name: 'New campaign' });
    await form.getByRole('radio', { name: 'Voice' }).click();
    await expect(form).toContainText('A voice campaign needs an agent to speak.');
    await expect(form.getByRole('button', { name: 'Import and estimate' })).toBeDisabled();
    app.core.agents.create(ws, { name: 'Ava', systemPrompt: 'You are Ava, calling about renewals.' }, 'console');
    await form.getByRole('radio', { name: 'E-mail' }).click();
    await form.getByRole('radio', { name: 'Voice' }).click();
    await expect(form.getByLabel('Agent')).toHaveValue(app.core.agents.get(ws, 'Ava').id);
    await form.getByLabel('Contacts (CSV)').setInputFiles({
      name: 'renewals.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('phone,timezone\n+14155552671,America/New_York\n+14155552672,America/New_York\n'),
    });
    await form.getByRole('button', { name: 'Import and estimate' }).click();

    const review = page.getByRole('dialog', { name: /^Review “Voice campaign / });
    await expect(review).toContainText('2 rows → 2 leads · 0 rejected · 0 excluded · 0 duplicates merged. Nothing has been dialled.');
    await expect(review.getByText('▲ No key can pay for calls yet').first()).toBeVisible();
    await expect(review).toContainText('The campaign will not dial until then.');
    await expect(review.getByRole('table', { name: 'Estimate per provider' })).toContainText('No key yet');
    await review.getByRole('button', { name: 'Start calling' }).click();
    await expect(review.getByRole('alert')).toContainText('Start the voice runner first');
    await review.getByRole('button', { name: 'Keep as ready' }).click();

    const detail = page.locator('.campaign-detail');
    await expect(detail.locator('.campaign-status .campaign-state')).toHaveText('○ Ready');
    await expect(detail.getByTestId('voice-ceiling')).toContainText('Worked out when the campaign runs');
    await expect(detail.getByTestId('voice-live-calls')).toContainText('No call is being placed right now.');
    await expect(detail).toContainText('Nothing metered yet');
    await detail.getByRole('button', { name: 'Start calling' }).click();
    await expect(page.getByTestId('toast')).toContainText('Start the voice runner first');
    await expect(detail.locator('.campaign-status .campaign-state')).toHaveText('○ Ready');
    await detail.getByRole('button', { name: 'Cancel campaign' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText('2 leads not called yet will never be called, and the campaign cannot be resumed.');
    await confirm.getByRole('button', { name: 'Cancel campaign' }).click();
    await expect(detail.locator('.campaign-status .campaign-state')).toHaveText('✕ Cancelled');
    await expect(detail.getByRole('button', { name: 'Cancel campaign' })).toHaveCount(0);
    expect(app.sim('twilio').requests.filter((r) => r.method === 'POST' && r.path.includes('/Calls'))).toEqual([]);

    // Over, it can go, with everything it held.
    await detail.getByRole('button', { name: 'Delete campaign' }).click();
    const del = page.getByRole('alertdialog', { name: /^Delete “Voice campaign / });
    await expect(del).toContainText(
      'Its 2 leads and their outcomes, every call on record with its sealed transcript, and the import report are deleted for good. What the calls cost stays in Usage & billing.',
    );
    await del.getByRole('button', { name: 'Delete campaign' }).click();
    await expect(page.getByText('No campaigns yet')).toBeVisible();
    expect(app.core.voiceCampaigns.list(ws)).toEqual([]);
    expect(app.core.audit.list({ action: 'campaign.delete' })).toHaveLength(1);
  });

  test('discarding a reviewed campaign leaves nothing behind', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Initech');
    app.core.agents.create(ws, { name: 'Ava', systemPrompt: 'You are Ava, calling about renewals.' }, 'console');
    await open(page, app, 'campaigns');
    await switchWorkspace(page, 'Initech');
    await page.getByRole('button', { name: 'New campaign' }).first().click();
    const form = page.getByRole('dialog', { name: 'New campaign' });
    await form.getByRole('radio', { name: 'Voice' }).click();
    await form
      .getByLabel('Contacts (CSV)')
      .setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from('phone,timezone\n+14155552671,America/New_York\n') });
    await form.getByRole('button', { name: 'Import and estimate' }).click();
    const review = page.getByRole('dialog', { name: /^Review / });
    await expect(review).toContainText('1 row → 1 lead');
    await review.getByRole('button', { name: 'Discard' }).click();
    await expect(review).toBeHidden();
    await expect(page.getByText('No campaigns yet')).toBeVisible();
    expect(app.core.voiceCampaigns.list(ws)).toEqual([]);
  });
});
