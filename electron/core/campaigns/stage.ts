/**
 * A campaign's messages while its contact file is still being read: rendered batch by batch into
 * private temporary tables (so memory stays bounded however large the file), then copied into the
 * outbox in the one transaction that creates the campaign. A failed import just drops the tables.
 */
import { randomBytes } from 'node:crypto';
import type { CampaignChannel, MessagePreview, RowIssueView } from '../../../shared/campaigns';
import type { Contact, ContactSink } from '../messaging/contacts';
import { parseTemplate, render, type Template } from '../../../shared/message-template';
import { Outbox } from '../messaging/outbox';
import type { Db } from '../store/db';
import { previewOf, sizeOf } from './estimate';
import { CampaignRepo } from './repo';

/** Twilio accepts a body of at most 1,600 characters. */
export const MAX_SMS_CHARS = 1600;

/** What the staged messages add up to. */
export interface StageTotals {
  readonly recipients: number;
  readonly units: number;
  readonly gsm7: number;
  readonly ucs2: number;
  readonly maxSegments: number;
  readonly rejected: number;
  readonly excluded: number;
  readonly merged: number;
}

/** The temporary tables of one import. */
export class Stage {
  private readonly m = `temp.stage_m_${randomBytes(6).toString('hex')}`;
  private readonly i = `temp.stage_i_${randomBytes(6).toString('hex')}`;
  private template: Template | null = null;
  /** The values a later duplicate could change the message with: the template's variables and the name. */
  private kept: readonly string[] = [];

  constructor(
    private readonly db: Db,
    private readonly channel: CampaignChannel,
    private readonly source: string,
    /** When a message to a zone may first go (the window's next opening). */
    private readonly opening: (zone: string) => number,
  ) {
    db.exec(
      `CREATE TABLE ${this.m} (line INTEGER PRIMARY KEY, recipient TEXT NOT NULL, name TEXT NOT NULL, zone TEXT NOT NULL, vars TEXT NOT
        NULL, subject TEXT, body TEXT NOT NULL, segments INTEGER NOT NULL, encoding TEXT, not_before INTEGER NOT NULL)`,
    );
    db.exec(`CREATE TABLE ${this.i} (line INTEGER PRIMARY KEY, kind TEXT NOT NULL, reason TEXT NOT NULL)`);
  }

  /** The sink a streamed import writes into. */
  sink(): ContactSink {
    const insert = this.db.prepare(
      `INSERT INTO ${this.m} (line, recipient, name, zone, vars, subject, body, segments, encoding, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const issue = this.db.prepare(`INSERT OR REPLACE INTO ${this.i} (line, kind, reason) VALUES (?, ?, ?)`);
    const read = this.db.prepare(`SELECT vars FROM ${this.m} WHERE line = ?`).pluck();
    const update = this.db.prepare(
      `UPDATE ${this.m} SET vars = ?, name = ?, subject = ?, body = ?, segments = ?, encoding = ? WHERE line = ?`,
    );
    const tooLong = (contact: Contact, length: number): void => {
      issue.run(contact.line, 'rejected', `the message would be ${length} characters; an SMS can be at most ${MAX_SMS_CHARS}`);
    };
    return {
      columns: (cols) => {
        this.template = parseTemplate(this.source, this.channel, cols.variables);
        this.kept = [...new Set(['first_name', 'last_name', ...this.template.variables])];
      },
      accept: this.db.transaction((batch: readonly Contact[]) => {
        for (const contact of batch) {
          const msg = render(this.template as Template, contact.vars);
          if (this.channel === 'sms' && msg.body.length > MAX_SMS_CHARS) {
            tooLong(contact, msg.body.length);
            continue;
          }
          const size = sizeOf(this.channel, msg.body);
          insert.run(
            contact.line,
            contact.address,
            contact.name,
            contact.zone,
            this.keep(contact.vars),
            msg.subject,
            msg.body,
            size.segments,
            size.encoding,
            this.opening(contact.zone),
          );
        }
      }),
      merge: this.db.transaction((line: number, extra: Readonly<Record<string, string>>) => {
        const stored = read.get(line) as string | undefined;
        if (stored === undefined) return;
        const vars = JSON.parse(stored) as Record<string, string>;
        for (const [name, value] of Object.entries(extra)) if (value && !vars[name]) vars[name] = value;
        const msg = render(this.template as Template, vars);
        // A value the duplicate brings may not push the SMS past the limit: the message stays as it was.
        if (this.channel === 'sms' && msg.body.length > MAX_SMS_CHARS) return;
        const size = sizeOf(this.channel, msg.body);
        const name = [vars.first_name, vars.last_name].filter(Boolean).join(' ');
        update.run(this.keep(vars), name, msg.subject, msg.body, size.segments, size.encoding, line);
      }),
      issues: this.db.transaction((batch: readonly RowIssueView[]) => {
        for (const rowIssue of batch) issue.run(rowIssue.line, rowIssue.kind, rowIssue.reason);
      }),
    };
  }

  /** The kept values of a contact, as JSON (a merge re-renders from them). */
  private keep(vars: Readonly<Record<string, string>>): string {
    const out: Record<string, string> = {};
    for (const name of this.kept) if (vars[name]) out[name] = vars[name];
    return JSON.stringify(out);
  }

  /** Counts and billable units of what is staged. */
  totals(): StageTotals {
    const totals = this.db
      .prepare(
        `SELECT count(*) AS recipients, coalesce(sum(segments), 0) AS units, coalesce(max(segments), 0) AS maxSegments,
          coalesce(sum(encoding = 'GSM-7'), 0) AS gsm7, coalesce(sum(encoding = 'UCS-2'), 0) AS ucs2 FROM ${this.m}`,
      )
      .get() as Omit<StageTotals, 'rejected' | 'excluded' | 'merged'>;
    const by = Object.fromEntries(
      (this.db.prepare(`SELECT kind, count(*) AS n FROM ${this.i} GROUP BY kind`).all() as { kind: string; n: number }[]).map((r) => [
        r.kind,
        r.n,
      ]),
    );
    return { ...totals, rejected: by.rejected ?? 0, excluded: by.excluded ?? 0, merged: by.merged ?? 0 };
  }

  /** The first row issues, by line. */
  issues(limit: number): RowIssueView[] {
    return this.db.prepare(`SELECT line, kind, reason FROM ${this.i} ORDER BY line LIMIT ?`).all(limit) as RowIssueView[];
  }

  /** The first messages, for the preview. */
  preview(limit: number): MessagePreview[] {
    const rows = this.db.prepare(`SELECT recipient, name, subject, body FROM ${this.m} ORDER BY line LIMIT ?`).all(limit) as {
      recipient: string;
      name: string;
      subject: string | null;
      body: string;
    }[];
    return rows.map((r, i) => previewOf(i, r, this.channel));
  }

  /** Copies everything into the outbox and the import report (call inside the creating transaction). */
  commit(campaignId: string): void {
    new Outbox(this.db).enqueueStaged(campaignId, this.m);
    new CampaignRepo(this.db).insertStagedIssues(campaignId, this.i);
  }

  /** Drops the temporary tables. */
  drop(): void {
    this.db.exec(`DROP TABLE IF EXISTS ${this.m}; DROP TABLE IF EXISTS ${this.i}`);
  }
}
