import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../core/errors.ts';
import type { Deps } from '../deps.ts';
import { authenticate, csrfProtection, requireAgentApi } from './auth/middleware.ts';
import type { AppEnv } from './context.ts';
import { createApi, openApiDocument } from './api/index.ts';
import { isBadInputError } from '../db/errors.ts';
import { badInputMessage, errorBody, toErrorResponse, tRequest } from './errors.ts';
import { refuseNul } from './input.ts';
import { localeMiddleware } from './locale.ts';
import { countRequests, metricsRoutes } from './metrics.ts';
import { hsts, securityHeaders } from './security.ts';
import { staticRoutes } from './static.ts';
import { adminAgentRoutes } from './ui/admin/agents.tsx';
import { adminGroupRoutes } from './ui/admin/groups.tsx';
import { adminOverviewRoutes } from './ui/admin/overview.tsx';
import { adminQueueRoutes } from './ui/admin/queues.tsx';
import { adminAclRoutes } from './ui/admin/acl.tsx';
import { adminSocialProfileRoutes } from './ui/admin/social-profiles.tsx';
import { adminTemplateRoutes } from './ui/admin/templates.tsx';
import { agentRoutes } from './ui/agent/routes.ts';
import { ME_PREFIXES, meRoutes } from './ui/me/routes.ts';
import { Page } from './ui/layout.tsx';
import { loginRoutes } from './ui/login.tsx';
import { requireAdminPage, requireLogin } from './ui/helpers.ts';
import { t } from '../i18n/index.ts';

const UI_PREFIXES = ['/', '/dashboard', '/tickets', '/tickets/*', '/admin', '/admin/*', '/ui/*'];

export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', countRequests());
  app.use('*', securityHeaders());
  app.use('*', hsts(deps.config.secureCookies));
  // Nothing Parley accepts is large (an ACL file is the biggest); refuse oversized bodies early.
  app.use(
    '*',
    bodyLimit({
      maxSize: 8 * 1024 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', tRequest(c, 'api.bodyTooLarge', { mib: 8 }), 'body'), 413),
    }),
  );

  app.use('*', refuseNul());

  app.get('/healthz', async (c) => {
    try {
      await deps.db.selectFrom('settings').select('key').limit(1).execute();
      return c.json({ status: 'ok' });
    } catch (err) {
      deps.logger.error({ err }, 'health check: database does not answer');
      return c.json({ status: 'error', message: tRequest(c, 'api.databaseDown') }, 503);
    }
  });
  app.route('/', staticRoutes());
  // Before authenticate(): the metrics bearer token is not an agent's API token.
  app.route('/', metricsRoutes(deps));
  app.get('/favicon.ico', (c) => c.redirect('/static/favicon.svg', 301));

  app.use('*', authenticate());
  app.use('*', localeMiddleware());
  app.use('*', csrfProtection());

  // The REST API.
  const api = createApi();
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(api)));
  app.use('/api/v1/*', requireAgentApi());
  app.delete('/api/v1/*', (c) =>
    c.json(errorBody('method_not_allowed', tRequest(c, 'api.noDelete')), 405, { Allow: 'GET, POST, PATCH' }),
  );
  app.route('/api/v1', api);

  // Pages.
  app.route('/', loginRoutes());
  for (const p of [...UI_PREFIXES, ...ME_PREFIXES]) app.use(p, requireLogin());
  app.use('/admin', requireAdminPage());
  app.use('/admin/*', requireAdminPage());
  app.get('/', (c) => c.redirect('/dashboard', 303));
  const ui = new Hono<AppEnv>();
  adminOverviewRoutes(ui);
  adminGroupRoutes(ui);
  adminAgentRoutes(ui);
  adminQueueRoutes(ui);
  adminSocialProfileRoutes(ui);
  adminAclRoutes(ui);
  adminTemplateRoutes(ui);
  agentRoutes(ui);
  meRoutes(ui);
  app.route('/', ui);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json(errorBody('not_found', tRequest(c, 'api.noSuchResource', { method: c.req.method, path: c.req.path })), 404);
    c.status(404);
    return c.html(
      <Page title={t('ui.notFound.title')} actor={c.get('actor') ?? null} csrf={c.get('session')?.csrfToken ?? null}>
        <h1>{t('ui.notFound.title')}</h1>
        <p>{t('ui.notFound.text')}</p>
      </Page>,
    );
  });
  app.onError((err, c) => {
    if (c.req.path.startsWith('/api/')) return toErrorResponse(err, c);
    if (isBadInputError(err)) {
      c.status(400);
      return c.html(
        <Page title={t('ui.error.title')} actor={c.get('actor') ?? null} csrf={c.get('session')?.csrfToken ?? null}>
          <h1>{t('ui.error.title')}</h1>
          <p class="flash error">{badInputMessage()}</p>
        </Page>,
      );
    }
    if (!(err instanceof AppError)) {
      deps.logger.error({ err, path: c.req.path }, 'unhandled error');
      c.status(500);
      return c.html(
        <Page title={t('ui.error.title')} actor={c.get('actor') ?? null} csrf={c.get('session')?.csrfToken ?? null}>
          <h1>{t('ui.error.crash')}</h1>
          <p class="flash error">{t('ui.error.crashText')}</p>
        </Page>,
      );
    }
    c.status(err.status as 400);
    return c.html(
      <Page title={t('ui.error.title')} actor={c.get('actor') ?? null} csrf={c.get('session')?.csrfToken ?? null}>
        <h1>{err.code === 'forbidden' ? t('ui.error.forbidden') : err.code === 'not_found' ? t('ui.notFound.title') : t('ui.error.title')}</h1>
        <p class="flash error">{err.message}</p>
      </Page>,
    );
  });
  return app;
}
