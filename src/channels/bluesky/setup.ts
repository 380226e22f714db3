// The guided setup of a Bluesky profile: the PDS and handle, an app password that may use direct
// messages, verify, then where tickets go.
// Built on each use: its words are in the language of the request (or the process) reading them.
import { t } from '../../i18n/index.ts';
import { checkServerUrl } from '../http.ts';
import type { SetupGuide } from '../types.ts';
import { DEFAULT_SERVICE_URL } from './api.ts';

export const blueskySetup = (): SetupGuide => ({
  label: 'Bluesky',
  network: 'Bluesky',
  profileNoun: t('channel.bluesky.profileNoun'),
  aclField: 'BlueskyProfileID',
  steps: [
    {
      kind: 'instructions',
      title: t('channel.bluesky.step1'),
      fields: [],
      help: [t('channel.bluesky.help1'), t('channel.bluesky.help2'), t('channel.bluesky.help3'), t('channel.bluesky.help4'), t('channel.bluesky.help5')],
    },
    {
      kind: 'fields',
      title: t('channel.bluesky.step2'),
      fields: [
        { name: 'serviceUrl', label: t('channel.bluesky.serviceUrl'), required: true, default: DEFAULT_SERVICE_URL, hint: t('channel.bluesky.serviceUrlHint') },
        { name: 'handle', label: t('channel.bluesky.handle'), required: true, hint: t('channel.bluesky.handleHint') },
      ],
    },
    {
      kind: 'fields',
      title: t('channel.bluesky.step3'),
      fields: [{ name: 'appPassword', label: t('channel.bluesky.appPassword'), required: true, hint: t('channel.bluesky.appPasswordHint') }],
    },
    { kind: 'verify', title: t('channel.bluesky.step4'), fields: [], help: [t('channel.bluesky.verifyHelp')] },
    { kind: 'incoming', title: t('channel.bluesky.step5'), fields: [] },
  ],
});

const HANDLE = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;

export function checkBlueskyCredential(field: string, value: string): string | null {
  if (field === 'serviceUrl') return checkServerUrl(value, t('channel.bluesky.serviceUrl'));
  if (field === 'handle' && !HANDLE.test(value.replace(/^@/, ''))) return t('channel.bluesky.badHandle');
  return null;
}
