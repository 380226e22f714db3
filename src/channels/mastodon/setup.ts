// The guided setup of a Mastodon profile: the server, an access token with scopes read and write,
// verify, then where tickets go. Mastodon issues personal tokens under Preferences → Development.
import { checkServerUrl } from '../http.ts';
import type { SetupGuide } from '../types.ts';

export const mastodonSetup: SetupGuide = {
  label: 'Mastodon',
  network: 'Mastodon',
  profileNoun: 'Mastodon account',
  aclField: 'MastodonProfileID',
  steps: [
    {
      kind: 'instructions',
      title: 'Create an application on your Mastodon server',
      fields: [],
      help: [
        'Parley reads the mentions and direct messages of a Mastodon account and answers from tickets. It needs the address of the account\'s server and an access token of that account. Do this once per account you connect:',
        '1. Sign in on the Mastodon server with the account your customers write to (for example your support account).',
        '2. Open Preferences → Development → New application. Name it (for example "Parley"), leave the redirect URI as it is, and tick only the scopes "read" and "write" (Parley reads notifications and statuses and posts replies and direct messages; it needs nothing else). Submit.',
        '3. Open the new application: "Your access token" is what step 3 asks for. Mastodon shows it whenever you open the application; Parley stores it encrypted and never shows it again.',
        'Direct messages on Mastodon are statuses with the visibility "direct" (Mentioned people only): they become tickets too, and answers to them stay direct.',
      ],
    },
    {
      kind: 'fields',
      title: 'Mastodon server',
      fields: [{ name: 'instanceUrl', label: 'Instance URL', required: true, hint: 'The address of the account\'s server, e.g. https://mastodon.social (https only).' }],
    },
    {
      kind: 'fields',
      title: 'Access token',
      fields: [{ name: 'accessToken', label: 'Access token', required: true, hint: 'Preferences → Development → your application → "Your access token" (scopes read write).' }],
    },
    {
      kind: 'verify',
      title: 'Verify credentials',
      fields: [],
      help: [
        'Verify credentials asks the server whom the token belongs to (GET /api/v1/accounts/verify_credentials) and reads its character limit (GET /api/v2/instance). On success the account\'s address and id are stored with the profile; the server\'s answer is shown when it refuses. A changed token or server must be verified again.',
      ],
    },
    { kind: 'incoming', title: 'Incoming settings', fields: [] },
  ],
};

/** A server address is https (http only on this machine, for the simulator); no path tricks. */
export function checkMastodonCredential(field: string, value: string): string | null {
  if (field !== 'instanceUrl') return null;
  return checkServerUrl(value, 'Instance URL');
}
