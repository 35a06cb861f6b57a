import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/core/voice/clock';
import { KeyPresses } from '../../../../electron/core/voice/session/key-presses';

describe('the caller’s key presses', () => {
  it('are one turn while each comes within the gap of the last, told once the caller stops', () => {
    const clock = new ManualClock();
    const turns: string[] = [];
    const keys = new KeyPresses(clock, (t) => turns.push(t), 1000);
    keys.press('1');
    clock.advance(900);
    keys.press('2');
    clock.advance(900);
    keys.press('#');
    clock.advance(999);
    expect(turns).toEqual([]);
    clock.advance(1);
    expect(turns).toEqual(['[pressed 1 2 #]']);
    keys.press('9');
    clock.advance(1000);
    expect(turns).toEqual(['[pressed 1 2 #]', '[pressed 9]']);
  });

  it('forgets keys not yet told when cleared', () => {
    const clock = new ManualClock();
    const turns: string[] = [];
    const keys = new KeyPresses(clock, (t) => turns.push(t));
    keys.press('5');
    keys.clear();
    clock.advance(5000);
    expect(turns).toEqual([]);
  });
});
