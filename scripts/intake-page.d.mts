/** Types of scripts/intake-page.mjs, for the test that checks the committed module is fresh. */
/** The generated module's path. */
export declare const GENERATED: string;
/** Builds the intake page's script and returns the generated module's text. */
export declare function intakePageModule(): Promise<string>;
