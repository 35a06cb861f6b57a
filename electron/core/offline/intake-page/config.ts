/** What the intake page knows (written into it as JSON), and how it writes one .env line; shared by the page and its builder. */

/** One field the client may type. */
export interface IntakePageField {
  readonly env: string;
  readonly label: string;
  readonly required: boolean;
  readonly secret: boolean;
  readonly example: string;
  /** The catalog's format pattern, so a mistyped key is caught before it is encrypted. */
  readonly pattern: string | null;
}

/** One provider the client is asked for. */
export interface IntakePageProvider {
  readonly name: string;
  readonly keyUrl: string;
  readonly fields: readonly IntakePageField[];
}

/** The page's config. */
export interface IntakePageConfig {
  readonly recipient: string;
  readonly agencyName: string;
  readonly workspaceName: string;
  readonly fileName: string;
  readonly providers: readonly IntakePageProvider[];
}

/**
 * `NAME='value'`, quoted so dotenv reads the value back exactly: single quotes keep it literal;
 * a value holding one takes backticks (also literal), and only one holding both takes double quotes.
 */
export function envLine(name: string, value: string): string {
  const quote = !value.includes("'") ? "'" : !value.includes('`') ? '`' : '"';
  return `${name}=${quote}${value}${quote}`;
}
