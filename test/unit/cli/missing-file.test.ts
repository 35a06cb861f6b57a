import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../../electron/cli/files';

const read = (path: string) => () => readInputFile(path, { what: 'CSV file', limitBytes: 1024, text: true });

describe('a file that is not there', () => {
  it('is named in the sentence, so the operator sees the typo', () => {
    expect(read('/nowhere/contacts-december.csv')).toThrow(
      'There is no CSV file at "/nowhere/contacts-december.csv"; check it and try again.',
    );
  });

  it('is not named when the path holds what may be a pasted secret', () => {
    expect(read('/nowhere/sk-ant-api03-AbCdEf0123456789AbCdEf0123456789.csv')).toThrow(
      'There is no CSV file at that path; check it and try again.',
    );
  });
});
