// The guided setup of an X profile, as in the OTRS manual: 1 instructions, 2 app name,
// 3 consumer key and secret, 4 access token and secret, 5 verify credentials, 6 incoming settings.
import type { SetupGuide } from '../types.ts';

export const xSetup: SetupGuide = {
  label: 'Twitter',
  network: 'X',
  profileNoun: 'Twitter app',
  aclField: 'TwitterProfileID',
  steps: [
    { kind: 'instructions', title: 'Set up an X developer account', fields: [] },
    {
      kind: 'fields',
      title: 'Twitter app name',
      fields: [{ name: 'appName', label: 'Twitter app name', required: true, hint: 'The name of the app on the X developer portal (Projects & Apps) whose keys you enter next.' }],
    },
    {
      kind: 'fields',
      title: 'Access permissions',
      fields: [
        { name: 'consumerKey', label: 'Consumer key', required: true, hint: 'Keys and tokens → Consumer Keys: the API Key.' },
        { name: 'consumerSecret', label: 'Consumer secret', required: true, hint: 'Keys and tokens → Consumer Keys: the API Key Secret.' },
      ],
    },
    {
      kind: 'fields',
      title: 'Access token',
      fields: [
        { name: 'accessToken', label: 'Access token', required: true, hint: 'Keys and tokens → Authentication Tokens → Access Token and Secret.' },
        { name: 'accessTokenSecret', label: 'Access token secret', required: true, hint: 'Created with Read, Write, and Direct Messages permissions.' },
      ],
    },
    { kind: 'verify', title: 'Verify credentials', fields: [] },
    { kind: 'incoming', title: 'Incoming settings', fields: [] },
  ],
};
