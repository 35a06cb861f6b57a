/**
 * One list per concept: the lists in shared/ are the only ones the code writes out, and the CHECKs
 * the migrations put on the database cannot be changed after the fact, so each is held equal here
 * to the shared list it mirrors (docs/ARCHITECTURE.md, "Invariants"). A list that grows needs a
 * new migration that widens its CHECK.
 */
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../electron/core/store/db';
import { CALL_DIRECTIONS, CALL_EVENT_KINDS, CALL_LINES, CALL_OUTCOMES, CALL_STATES } from '../../../shared/call-lists';
import { SCENARIO_ENDINGS } from '../../../shared/agent-scenarios';
import { CAMPAIGN_STATES, MESSAGE_STATES } from '../../../shared/campaigns';
import { LEAD_STATES, MACHINE_CHOICES } from '../../../shared/voice-campaigns';
import { AGENT_LANGUAGES } from '../../../shared/voice-agents';
import { EXTRACTION_STATES } from '../../../shared/extraction';
import { TRANSFER_MODES } from '../../../shared/transfer-targets';

/** The values a table's CHECK allows a column, as a freshly migrated database declares them. */
function checkedValues(table: string, column: string): string[] {
  const db = openDb(':memory:');
  try {
    const sql =
      (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined)?.sql ?? '';
    const list = new RegExp(`\\b${column}\\s+IN\\s*\\(([^)]*)\\)`).exec(sql)?.[1];
    if (list === undefined) throw new Error(`${table}.${column} has no CHECK (… IN (…))`);
    return [...list.matchAll(/'([^']*)'/g)].map((match) => match[1] as string);
  } finally {
    db.close();
  }
}

describe('the database’s CHECKs', () => {
  it('allow a call exactly the states and outcomes of shared/call-lists.ts', () => {
    expect(checkedValues('calls', 'state')).toEqual([...CALL_STATES]);
    expect(checkedValues('calls', 'outcome')).toEqual([...CALL_OUTCOMES]);
    expect(checkedValues('calls', 'direction')).toEqual([...CALL_DIRECTIONS]);
    expect(checkedValues('calls', 'carrier')).toEqual([...CALL_LINES]);
  });

  it('allow a call event exactly the kinds of shared/call-lists.ts, and a transfer target exactly the shared modes', () => {
    expect(checkedValues('call_events', 'kind')).toEqual([...CALL_EVENT_KINDS]);
    expect(checkedValues('transfer_targets', 'mode')).toEqual([...TRANSFER_MODES]);
  });

  it('allow a campaign’s lead exactly the lead states and call outcomes of the shared lists', () => {
    expect(checkedValues('call_leads', 'state')).toEqual([...LEAD_STATES]);
    expect(checkedValues('call_leads', 'outcome')).toEqual([...CALL_OUTCOMES]);
  });

  it('allow both kinds of campaign exactly the shared campaign states, and a message the shared message states', () => {
    expect(checkedValues('campaigns', 'state')).toEqual([...CAMPAIGN_STATES]);
    expect(checkedValues('voice_campaigns', 'state')).toEqual([...CAMPAIGN_STATES]);
    expect(checkedValues('messages', 'state')).toEqual([...MESSAGE_STATES]);
  });

  it('allow a test scenario’s result exactly the endings of shared/agent-scenarios.ts', () => {
    expect(checkedValues('agent_test_results', 'ended')).toEqual([...SCENARIO_ENDINGS]);
  });

  it('allow a voice campaign’s machine choice and an agent’s language exactly as shared', () => {
    expect(checkedValues('voice_campaigns', 'machine')).toEqual([...MACHINE_CHOICES]);
    expect(checkedValues('voice_agents', 'language')).toEqual([...AGENT_LANGUAGES]);
  });

  it('allow a call’s extraction exactly the states of shared/extraction.ts', () => {
    expect(checkedValues('call_extractions', 'state')).toEqual([...EXTRACTION_STATES]);
  });
});
