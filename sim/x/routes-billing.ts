// The bill under /_sim/: what X's developer console would show each account (token and app),
// per UTC day and in total, by resource type and write action.
import type { Hono } from 'hono';
import { presentBill } from './billing.ts';
import { SimError, type SimState } from './state.ts';

export function registerBillingRoutes(app: Hono, state: SimState): void {
  app.get('/_sim/bill', (c) =>
    c.json({
      accounts: Object.fromEntries(
        [...state.accounts.values()].map((a) => [a.userId, { consumerKey: a.consumerKey, ...presentBill(state.billing.billOf(a.userId)) }]),
      ),
    }),
  );

  app.get('/_sim/accounts/:id/bill', (c) => {
    const account = state.accounts.get(c.req.param('id'));
    if (!account) throw new SimError(404, `There is no account ${c.req.param('id')}.`);
    return c.json({ consumerKey: account.consumerKey, ...presentBill(state.billing.billOf(account.userId)) });
  });
}
