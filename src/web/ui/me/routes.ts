import type { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { bellPartial, openNotification, readAllNotifications } from './bell.tsx';
import { preferencesPage, preferencesSubmit } from './preferences.tsx';

// The agent's own things: the bell's notifications and "My preferences". app.tsx requires a login.

export const ME_PREFIXES = ['/preferences', '/notifications/*'];

export function meRoutes(app: Hono<AppEnv>): void {
  app.get('/ui/notifications/bell', bellPartial);
  app.post('/notifications/read', readAllNotifications);
  app.post('/notifications/:id{[0-9]+}/open', openNotification);
  app.get('/preferences', preferencesPage);
  app.post('/preferences', preferencesSubmit);
}
