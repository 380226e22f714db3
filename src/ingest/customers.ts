// Moved below ingest and outbox, which both create customers: src/db/repos/social-customers.ts.
export { ensureSocialCustomers, type KnownCustomer } from '../db/repos/social-customers.ts';
