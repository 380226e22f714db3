import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { countCustomers, findCustomer, identitiesOf, listCustomers } from '../../db/repos/customers.ts';
import { apiRouter, errorResponses, IdParam, json, listOf, PageQuery } from './base.ts';
import { actor } from './guard.ts';
import { presentCustomer } from './present.ts';
import { CustomerSchema } from './schemas.ts';

// Customer users, each with the social identities that make one person on X one customer.
// Parley creates them from incoming messages; agents read them.

export const customersApi = apiRouter();
const tags = ['Customers'];

customersApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: PageQuery.extend({ q: z.string().max(200).optional().openapi({ description: 'Part of the login (e.g. "twitter:12345"), the name, or a handle or display name on a network.' }) }) },
    responses: { 200: json(listOf(CustomerSchema, 'CustomerList'), 'Customer users, newest first.'), ...errorResponses },
  }),
  async (c) => {
    actor(c);
    const { limit, offset, q } = c.req.valid('query');
    const db = c.get('deps').db;
    const rows = await listCustomers(db, { limit, offset, search: q });
    const identities = await identitiesOf(db, rows.map((r) => r.id));
    return c.json({ items: rows.map((r) => presentCustomer(r, identities)), total: await countCustomers(db, q) }, 200);
  },
);

customersApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(CustomerSchema, 'A customer user.'), ...errorResponses } }),
  async (c) => {
    actor(c);
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    const customer = await findCustomer(db, id);
    if (!customer) throw notFound(t('errors.noun.customer', { id }));
    return c.json(presentCustomer(customer, await identitiesOf(db, [customer.id])), 200);
  },
);
