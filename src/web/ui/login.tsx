import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import { checkLogin } from '../auth/agents.ts';
import { cookieSecret } from '../auth/middleware.ts';
import { createSession, destroySession, SESSION_COOKIE, SESSION_TTL_MS } from '../auth/sessions.ts';
import type { AppEnv } from '../context.ts';
import { Flash, TextInput, Widget } from './components.tsx';
import { Page } from './layout.tsx';
import { form } from './helpers.ts';
import { t } from '../../i18n/index.ts';

const LOGIN_CSRF_COOKIE = 'parley_login_csrf';
const KNOWN_DEVICE_COOKIE = 'parley_device';

/**
 * Only paths of this site: never redirect to another host after login. Browsers read a backslash
 * as a slash (`/\evil.example` is `//evil.example`), so backslashes and control characters are
 * refused and the path is resolved as a browser would; it must stay on this origin.
 */
export function safeNext(next: string | undefined): string {
  const fallback = '/dashboard';
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const base = 'http://parley.invalid';
    const url = new URL(next, base);
    return url.origin === base && !url.pathname.startsWith('//') ? url.pathname + url.search + url.hash : fallback;
  } catch {
    return fallback;
  }
}

const LoginPage = (p: { next: string; login?: string; error?: string | null; token: string; info?: string | null }) => (
  <Page title={t('login.title')} actor={null}>
    <div class="login">
      <Widget title={t('login.heading')}>
        <Flash kind="error" message={p.error} />
        <Flash kind="ok" message={p.info} />
        <form method="post" action="/login">
          <input type="hidden" name="_login_csrf" value={p.token} />
          <input type="hidden" name="next" value={p.next} />
          <TextInput name="login" label={t('login.username')} value={p.login ?? ''} required autocomplete="username" />
          <TextInput name="password" label={t('login.password')} type="password" required autocomplete="current-password" />
          <div class="buttons">
            <button type="submit">{t('login.submit')}</button>
          </div>
        </form>
      </Widget>
    </div>
  </Page>
);

export function loginRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const secure = (c: { get(k: 'deps'): AppEnv['Variables']['deps'] }) => c.get('deps').config.secureCookies;

  app.get('/login', (c) => {
    if (c.get('actor')) return c.redirect(safeNext(c.req.query('next')), 303);
    // Login forms are CSRF-safe too: a double-submit token in a cookie and in the form.
    const token = randomBytes(18).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/login', secure: secure(c) });
    const info = c.req.query('bye') ? t('login.loggedOut') : null;
    return c.html(<LoginPage next={safeNext(c.req.query('next'))} token={token} info={info} />);
  });

  app.post('/login', async (c) => {
    const f = await form(c);
    const next = safeNext(f['next']);
    const cookieToken = getCookie(c, LOGIN_CSRF_COOKIE);
    const token = randomBytes(18).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/login', secure: secure(c) });
    if (!cookieToken || cookieToken !== f['_login_csrf']) {
      c.status(403);
      return c.html(<LoginPage next={next} login={f['login']} token={token} error={t('login.expired')} />);
    }
    const { db, loginDelayMs } = c.get('deps');
    const login = f['login'] ?? '';
    const device = await getSignedCookie(c, cookieSecret(c), KNOWN_DEVICE_COOKIE);
    const trusted = typeof device === 'string' && device === login.trim().toLowerCase();
    const result = await checkLogin(db, login, f['password'] ?? '', loginDelayMs, { trusted });
    if (!result.ok) {
      c.status(result.locked ? 429 : 401);
      return c.html(<LoginPage next={next} login={f['login']} token={token} error={result.message} />);
    }
    const { cookie } = await createSession(db, result.agent.id);
    await setSignedCookie(c, SESSION_COOKIE, cookie, cookieSecret(c), {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: secure(c),
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
    // Remembers that this browser logged in as this login: someone else's failed guesses, which
    // lock the login for a while, do not lock this browser out.
    await setSignedCookie(c, KNOWN_DEVICE_COOKIE, result.agent.login.toLowerCase(), cookieSecret(c), {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/login',
      secure: secure(c),
      maxAge: 365 * 24 * 3600,
    });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await destroySession(c.get('deps').db, session.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login?bye=1', 303);
  });

  return app;
}
