import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/db.ts';
import { checkLogin } from './agents.ts';
import { defaultLoginDelayMs, failuresOf } from './throttle.ts';
import { ADMIN_PASSWORD } from '../../../test/helpers/db.ts';

it.each([
  [0, 0],
  [1, 250],
  [2, 500],
  [3, 1000],
  [5, 4000],
  [6, 8000],
  [20, 8000],
])('after %i failures the next answer waits %i ms', (failures, ms) => {
  expect(defaultLoginDelayMs(failures)).toBe(ms);
});

describeEachDialect('login throttle', ({ db }) => {
  it('counts failures per login, waits longer each time, and forgets them after a success', async () => {
    const asked: number[] = [];
    const delay = (f: number) => {
      asked.push(f);
      return 0;
    };
    for (let i = 0; i < 3; i++) {
      const r = await checkLogin(db(), 'root@localhost', 'wrong', delay);
      expect(r).toEqual({ ok: false, message: expect.stringMatching(/Login failed/) });
    }
    expect(await failuresOf(db(), 'ROOT@localhost')).toBe(3);
    // An unknown login is throttled the same way and gets the same message.
    const unknown = await checkLogin(db(), 'nobody', 'x', delay);
    expect(unknown).toEqual({ ok: false, message: expect.stringMatching(/Login failed/) });
    const ok = await checkLogin(db(), 'root@localhost', ADMIN_PASSWORD, delay);
    expect(ok.ok).toBe(true);
    expect(asked).toEqual([0, 1, 2, 0, 3]);
    expect(await failuresOf(db(), 'root@localhost')).toBe(0);
  });

  it('really waits', async () => {
    await checkLogin(db(), 'root@localhost', 'wrong', () => 0);
    const started = Date.now();
    await checkLogin(db(), 'root@localhost', 'wrong', (f) => (f > 0 ? 120 : 0));
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
