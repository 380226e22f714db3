// The guided setup of a Bluesky profile: the PDS and handle, an app password that may use direct
// messages, verify, then where tickets go.
import { checkServerUrl } from '../http.ts';
import type { SetupGuide } from '../types.ts';
import { DEFAULT_SERVICE_URL } from './api.ts';

export const blueskySetup: SetupGuide = {
  label: 'Bluesky',
  network: 'Bluesky',
  profileNoun: 'Bluesky account',
  aclField: 'BlueskyProfileID',
  steps: [
    {
      kind: 'instructions',
      title: 'Create an app password',
      fields: [],
      help: [
        'Parley reads the mentions, replies, quotes and chat messages of a Bluesky account and answers from tickets. It signs in with the account\'s handle and an app password (never the account\'s own password). Do this once per account you connect:',
        '1. Sign in to Bluesky (bsky.app) with the account your customers write to.',
        '2. Open Settings → Privacy and security → App passwords → Add App Password. Name it (for example "Parley") and tick "Allow access to your direct messages": without it Parley can read posts but not chats. Create it.',
        '3. Bluesky shows the password (four groups of four characters) only once: copy it into step 3. Parley stores it encrypted and never shows it again.',
        'An account on bsky.social needs nothing else. An account on its own PDS enters that server\'s address in step 2; chats still go through it to Bluesky\'s chat service.',
      ],
    },
    {
      kind: 'fields',
      title: 'Bluesky server and handle',
      fields: [
        { name: 'serviceUrl', label: 'Service URL', required: true, default: DEFAULT_SERVICE_URL, hint: 'The account\'s PDS: https://bsky.social for accounts made on bsky.app.' },
        { name: 'handle', label: 'Handle', required: true, hint: 'The account\'s handle without "@", e.g. acme.bsky.social or support.acme.com.' },
      ],
    },
    {
      kind: 'fields',
      title: 'App password',
      fields: [{ name: 'appPassword', label: 'App password', required: true, hint: 'Settings → Privacy and security → App passwords, with direct messages allowed.' }],
    },
    {
      kind: 'verify',
      title: 'Verify credentials',
      fields: [],
      help: [
        'Verify credentials signs in on the PDS (com.atproto.server.createSession) and reads the account\'s profile. On success the handle and DID are stored with the profile; Bluesky\'s answer is shown when it refuses. A changed handle or app password must be verified again.',
      ],
    },
    { kind: 'incoming', title: 'Incoming settings', fields: [] },
  ],
};

const HANDLE = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;

export function checkBlueskyCredential(field: string, value: string): string | null {
  if (field === 'serviceUrl') return checkServerUrl(value, 'Service URL');
  if (field === 'handle' && !HANDLE.test(value.replace(/^@/, ''))) return 'Handle must be a domain name such as acme.bsky.social.';
  return null;
}
