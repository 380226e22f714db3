import { createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { setSignedCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { readSignedCookie } from './middleware.ts';

describe('readSignedCookie', () => {
  const secret = 'cookie-secret';
  const signed = async (value: string): Promise<string> => {
    const app = new Hono();
    app.get('/', async (c) => {
      await setSignedCookie(c, 'sid', value, secret);
      return c.text('ok');
    });
    const header = (await app.request('/')).headers.get('set-cookie')!;
    return decodeURIComponent(/^sid=([^;]+)/.exec(header)![1]!);
  };

  it("accepts what Hono's setSignedCookie wrote", async () => {
    expect(readSignedCookie(await signed('abc.def-123'), secret)).toBe('abc.def-123');
  });

  it('refuses a changed value, a changed or foreign signature, and malformed input', async () => {
    const good = await signed('session-1');
    const sig = good.slice(good.lastIndexOf('.') + 1);
    expect(readSignedCookie(`session-2.${sig}`, secret)).toBeNull();
    expect(readSignedCookie(good, 'other-secret')).toBeNull();
    const other = createHmac('sha256', 'other-secret').update('session-1').digest('base64');
    expect(readSignedCookie(`session-1.${other}`, secret)).toBeNull();
    expect(readSignedCookie(`session-1.${sig.slice(0, -2)}==`, secret)).toBeNull();
    expect(readSignedCookie('session-1', secret)).toBeNull();
    expect(readSignedCookie(undefined, secret)).toBeNull();
    expect(readSignedCookie('', secret)).toBeNull();
  });
});
