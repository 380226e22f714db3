// The guided setup of a Mastodon profile: the server, an access token with scopes read and write,
// verify, then where tickets go. Mastodon issues personal tokens under Preferences → Development.
// Built on each use: its words are in the language of the request (or the process) reading them.
import { t } from '../../i18n/index.ts';
import { checkServerUrl } from '../http.ts';
import type { SetupGuide } from '../types.ts';

export const mastodonSetup = (): SetupGuide => ({
  label: 'Mastodon',
  network: 'Mastodon',
  profileNoun: t('channel.mastodon.profileNoun'),
  aclField: 'MastodonProfileID',
  steps: [
    {
      kind: 'instructions',
      title: t('channel.mastodon.step1'),
      fields: [],
      help: [t('channel.mastodon.help1'), t('channel.mastodon.help2'), t('channel.mastodon.help3'), t('channel.mastodon.help4'), t('channel.mastodon.help5')],
    },
    {
      kind: 'fields',
      title: t('channel.mastodon.step2'),
      fields: [{ name: 'instanceUrl', label: t('channel.mastodon.instanceUrl'), required: true, hint: t('channel.mastodon.instanceUrlHint') }],
    },
    {
      kind: 'fields',
      title: t('channel.mastodon.step3'),
      fields: [{ name: 'accessToken', label: t('channel.mastodon.accessToken'), required: true, hint: t('channel.mastodon.accessTokenHint') }],
    },
    { kind: 'verify', title: t('channel.mastodon.step4'), fields: [], help: [t('channel.mastodon.verifyHelp')] },
    { kind: 'incoming', title: t('channel.mastodon.step5'), fields: [] },
  ],
});

/** A server address is https (http only on this machine, for the simulator); no path tricks. */
export function checkMastodonCredential(field: string, value: string): string | null {
  if (field !== 'instanceUrl') return null;
  return checkServerUrl(value, t('channel.mastodon.instanceUrl'));
}
