import type { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { counterPartial } from './compose.tsx';
import { dashboardPage, dashboardPartial } from './dashboard.tsx';
import { newTwitterPage, newTwitterSubmit } from './new-twitter.tsx';
import { queueListPartial, queueViewPage } from './queue-view.tsx';
import { zoomActions } from './zoom-actions.ts';
import { earlierArticles, zoomPage, zoomPoll } from './zoom.tsx';
import { templatePartial } from './template-fill.tsx';
import { relationActions } from './zoom-relations.ts';
import { bulkSubmit } from './bulk.tsx';

// The agent interface. Pages under /dashboard and /tickets, htmx partials under /ui; app.tsx
// requires a login for both.

const ID = ':id{[0-9]+}';

export function agentRoutes(app: Hono<AppEnv>): void {
  app.get('/dashboard', dashboardPage);
  app.get('/ui/dashboard', dashboardPartial);

  app.get('/tickets', queueViewPage);
  app.get('/ui/tickets/list', queueListPartial);
  app.post('/tickets/bulk', bulkSubmit);

  app.get('/tickets/new-twitter', newTwitterPage);
  app.post('/tickets/new-twitter', newTwitterSubmit);
  app.post('/ui/counter', counterPartial);

  app.get(`/tickets/${ID}`, zoomPage);
  app.get(`/ui/tickets/${ID}/poll`, zoomPoll);
  app.get(`/ui/tickets/${ID}/articles`, earlierArticles);
  app.get(`/ui/tickets/${ID}/template`, templatePartial);
  app.post(`/tickets/${ID}/lock`, zoomActions.lock);
  app.post(`/tickets/${ID}/owner`, zoomActions.owner);
  app.post(`/tickets/${ID}/state`, zoomActions.state);
  app.post(`/tickets/${ID}/queue`, zoomActions.queue);
  app.post(`/tickets/${ID}/priority`, zoomActions.priority);
  app.post(`/tickets/${ID}/note`, zoomActions.note);
  app.post(`/tickets/${ID}/reply`, zoomActions.reply);
  app.post(`/tickets/${ID}/articles/:articleId{[0-9]+}/retry`, zoomActions.retry);
  app.post(`/tickets/${ID}/merge`, relationActions.merge);
  app.post(`/tickets/${ID}/link`, relationActions.link);
  app.post(`/tickets/${ID}/split`, relationActions.split);
}
