// Who may use each route: THE table the authorization matrix (test/authz/matrix.test.ts) checks.
// Every route the app registers must have a line here, or the matrix fails and names the route.
//
// Adding a route? Add `'METHOD /path': { need }` below, with the path exactly as Hono lists it
// (`app.routes`: parameters as `:id`, with the pattern if the route has one, e.g. `:id{[0-9]+}`).
// Every parameter is filled with 1, and the fixture makes id 1 of everything (ticket 1 in the queue
// "Raw" of the group "users", article 1, agent 1 = root, group 1, queue 1, profile 1, ACL 1,
// customer 1, attachment 1 on article 1). `need` is the least role that is let through:
//   public  anyone, logged in or not (the matrix only checks it never answers 5xx)
//   agent   any valid agent, even one in no group
//   ro      ro (or rw) in "users", the group of ticket 1's queue
//   rw      rw in "users"
//   admin   rw in "admin"
// Roles below `need` must get 401/403 (API) or 403 / a redirect to /login (pages); roles at or
// above must not. Give a `body` when an empty one would be refused before permissions are checked
// (the API validates bodies first), so that the matrix sees the permission check.

export type Role = 'public' | 'agent' | 'ro' | 'rw' | 'admin';

export interface Rule {
  need: Role;
  /** JSON body (or text with `type`) sent to an API route. */
  body?: unknown;
  type?: string;
  /** Form fields posted to a page route. */
  form?: Record<string, string>;
  /** A query string for the address, without "?". */
  query?: string;
}

const ACL_YAML = `- Name: Matrix
  Comment: ''
  Description: ''
  StopAfterMatch: 0
  ValidID: 1
  ConfigMatch:
    Properties:
      User:
        UserLogin:
        - nobody
  ConfigChange:
    PossibleNot:
      Action:
      - AgentTicketPriority
`;

export const AUTHZ_RULES: Record<string, Rule> = {
  // Open to everyone.
  'GET /healthz': { need: 'public' },
  'GET /static/:file': { need: 'public' },
  'GET /favicon.ico': { need: 'public' },
  'GET /api/openapi.json': { need: 'public' },
  'GET /login': { need: 'public' },
  'POST /login': { need: 'public' },
  'POST /logout': { need: 'public' },

  // REST API.
  'DELETE /api/v1/*': { need: 'agent' },
  'GET /api/v1/groups': { need: 'agent' },
  'GET /api/v1/groups/:id': { need: 'agent' },
  'POST /api/v1/groups': { need: 'admin', body: { name: 'Matrix group' } },
  'PATCH /api/v1/groups/:id': { need: 'admin', body: { comment: 'matrix' } },
  'GET /api/v1/agents': { need: 'agent' },
  'GET /api/v1/agents/:id': { need: 'agent' },
  'POST /api/v1/agents': { need: 'admin', body: { login: 'matrix', firstName: 'M', lastName: 'M', email: 'm@example.com', password: 'matrix-password-1' } },
  'PATCH /api/v1/agents/:id': { need: 'admin', body: { firstName: 'Admin' } },
  'GET /api/v1/queues': { need: 'agent' },
  'GET /api/v1/queues/:id': { need: 'agent' },
  'POST /api/v1/queues': { need: 'admin', body: { name: 'Matrix queue', groupId: 1 } },
  'PATCH /api/v1/queues/:id': { need: 'admin', body: { comment: 'matrix' } },
  'GET /api/v1/tickets': { need: 'agent' },
  'POST /api/v1/tickets': { need: 'rw', body: { title: 'Matrix', queueId: 1 } },
  'GET /api/v1/tickets/:id': { need: 'ro' },
  'PATCH /api/v1/tickets/:id': { need: 'rw', body: { priority: 4 } },
  'GET /api/v1/tickets/:id/history': { need: 'ro' },
  'GET /api/v1/tickets/:id/articles': { need: 'ro' },
  'POST /api/v1/tickets/:id/articles': { need: 'rw', body: { body: 'matrix', kind: 'note' } },
  'POST /api/v1/tickets/:id/articles/:articleId/retry': { need: 'rw' },
  'GET /api/v1/attachments/:id': { need: 'ro' },
  'GET /api/v1/avatars/:id': { need: 'agent' },
  'GET /api/v1/customers': { need: 'agent' },
  'GET /api/v1/customers/:id': { need: 'agent' },
  'GET /api/v1/social-media-profiles': { need: 'admin' },
  'GET /api/v1/social-media-profiles/:id': { need: 'admin' },
  'POST /api/v1/social-media-profiles': { need: 'admin', body: { name: 'MatrixHelp' } },
  'PATCH /api/v1/social-media-profiles/:id': { need: 'admin', body: { description: 'matrix' } },
  'POST /api/v1/social-media-profiles/:id/verify': { need: 'admin' },
  'GET /api/v1/acls': { need: 'admin' },
  'POST /api/v1/acls': { need: 'admin', body: ACL_YAML.replace('Name: Matrix', 'Name: Matrix 2'), type: 'application/yaml' },
  'GET /api/v1/acls/export': { need: 'admin' },
  'GET /api/v1/acls/status': { need: 'admin' },
  'POST /api/v1/acls/deploy': { need: 'admin' },
  'GET /api/v1/acls/:id': { need: 'admin' },
  'PATCH /api/v1/acls/:id': { need: 'admin', body: { Comment: 'matrix' } },
  'POST /api/v1/acls/:id/copy': { need: 'admin' },

  // Added with issue 11 (ownership, notifications, preferences; templates, merge, split, links, bulk).
  'GET /api/v1/me': { need: 'agent' },
  'PATCH /api/v1/me': { need: 'agent', body: { browserNotifications: true } },
  'GET /api/v1/notifications': { need: 'agent' },
  'POST /api/v1/notifications/:id/read': { need: 'agent' },
  'GET /api/v1/templates': { need: 'agent' },
  'GET /api/v1/templates/:id': { need: 'agent' },
  'POST /api/v1/templates': { need: 'admin', body: { name: 'Matrix template', body: 'Hello' } },
  'PATCH /api/v1/templates/:id': { need: 'admin', body: { comment: 'matrix' } },
  'GET /api/v1/tickets/:id/templates': { need: 'ro' },
  'POST /api/v1/tickets/:id/merge': { need: 'rw', body: { targetTicketId: 1 } },
  'POST /api/v1/tickets/:id/articles/:articleId/split': { need: 'rw' },
  'POST /api/v1/tickets/:id/links': { need: 'rw', body: { targetTicketId: 1 } },
  'POST /api/v1/tickets/bulk': { need: 'agent', body: { ticketIds: [1], priority: 4 } },
  'POST /tickets/bulk': { need: 'agent' },
  'GET /ui/tickets/:id{[0-9]+}/template': { need: 'rw', query: 'templateId=1' },
  'POST /tickets/:id{[0-9]+}/merge': { need: 'rw' },
  'POST /tickets/:id{[0-9]+}/link': { need: 'rw' },
  'POST /tickets/:id{[0-9]+}/split': { need: 'rw' },
  'GET /admin/templates': { need: 'admin' },
  'GET /admin/templates/new': { need: 'admin' },
  'POST /admin/templates/new': { need: 'admin' },
  'GET /admin/templates/:id': { need: 'admin' },
  'POST /admin/templates/:id': { need: 'admin' },

  // Agent pages and their htmx parts.
  'GET /': { need: 'agent' },
  'GET /dashboard': { need: 'agent' },
  'GET /ui/dashboard': { need: 'agent' },
  'GET /tickets': { need: 'agent' },
  'GET /ui/tickets/list': { need: 'agent' },
  'GET /tickets/new-twitter': { need: 'agent' },
  'POST /tickets/new-twitter': { need: 'rw', form: { profileId: '1', kind: 'tweet', body: 'Hello from the matrix', queueId: '1' } },
  'POST /ui/counter': { need: 'agent' },
  'GET /tickets/:id{[0-9]+}': { need: 'ro' },
  'GET /ui/tickets/:id{[0-9]+}/poll': { need: 'ro' },
  'GET /ui/tickets/:id{[0-9]+}/articles': { need: 'ro' },
  'POST /tickets/:id{[0-9]+}/lock': { need: 'rw' },
  'POST /tickets/:id{[0-9]+}/owner': { need: 'rw', form: { ownerId: '1' } },
  'POST /tickets/:id{[0-9]+}/state': { need: 'rw' },
  'POST /tickets/:id{[0-9]+}/queue': { need: 'rw', form: { queueId: '2' } },
  'POST /tickets/:id{[0-9]+}/priority': { need: 'rw', form: { priority: '4' } },
  'POST /tickets/:id{[0-9]+}/note': { need: 'rw' },
  'POST /tickets/:id{[0-9]+}/reply': { need: 'rw', form: { body: 'Hello', kind: 'reply', profileId: '1' } },
  'POST /tickets/:id{[0-9]+}/articles/:articleId{[0-9]+}/retry': { need: 'rw' },

  // Admin pages.
  'GET /admin': { need: 'admin' },
  'GET /admin/groups': { need: 'admin' },
  'GET /admin/groups/new': { need: 'admin' },
  'POST /admin/groups/new': { need: 'admin' },
  'GET /admin/groups/:id': { need: 'admin' },
  'POST /admin/groups/:id': { need: 'admin' },
  'GET /admin/agents': { need: 'admin' },
  'GET /admin/agents/new': { need: 'admin' },
  'POST /admin/agents/new': { need: 'admin' },
  'GET /admin/agents/:id': { need: 'admin' },
  'POST /admin/agents/:id': { need: 'admin' },
  'GET /admin/queues': { need: 'admin' },
  'GET /admin/queues/new': { need: 'admin' },
  'POST /admin/queues/new': { need: 'admin' },
  'GET /admin/queues/:id': { need: 'admin' },
  'POST /admin/queues/:id': { need: 'admin' },
  'GET /admin/social-media-profiles': { need: 'admin' },
  'GET /admin/social-media-profiles/:type{[a-z]+}/new': { need: 'admin' },
  'POST /admin/social-media-profiles/:type{[a-z]+}/new': { need: 'admin' },
  'GET /admin/social-media-profiles/:type{[a-z]+}/:id{[0-9]+}': { need: 'admin' },
  'POST /admin/social-media-profiles/:type{[a-z]+}/:id{[0-9]+}': { need: 'admin' },
  'POST /admin/social-media-profiles/:type{[a-z]+}/:id{[0-9]+}/budget': { need: 'admin' },
  // Not by role: a direct loopback connection or PARLEY_METRICS_TOKEN (test/metrics.test.ts); the
  // matrix checks only that it never answers 5xx.
  'GET /metrics': { need: 'public' },
  'GET /ui/notifications/bell': { need: 'agent' },
  'POST /notifications/read': { need: 'agent' },
  'POST /notifications/:id{[0-9]+}/open': { need: 'agent' },
  'GET /preferences': { need: 'agent' },
  'POST /preferences': { need: 'agent' },
  'GET /admin/acl': { need: 'admin' },
  'POST /admin/acl/import': { need: 'admin' },
  'GET /admin/acl/export': { need: 'admin' },
  'POST /admin/acl/deploy': { need: 'admin' },
  'GET /admin/acl/new': { need: 'admin' },
  'POST /admin/acl/new': { need: 'admin' },
  'GET /admin/acl/:id': { need: 'admin' },
  'POST /admin/acl/:id': { need: 'admin' },
  'POST /admin/acl/:id/copy': { need: 'admin' },
  'GET /admin/acl/:id/export': { need: 'admin' },
};

export const MATRIX_ACL_YAML = ACL_YAML;
