// The guided setup of an X profile, as in the OTRS manual: 1 instructions, 2 app name,
// 3 consumer key and secret, 4 access token and secret, 5 verify credentials, 6 incoming settings.
// Built on each use: its words are in the language of the request (or the process) reading them.
import { t } from '../../i18n/index.ts';
import type { SetupGuide } from '../types.ts';

export const xSetup = (): SetupGuide => ({
  label: 'Twitter',
  network: 'X',
  profileNoun: t('channel.x.profileNoun'),
  aclField: 'TwitterProfileID',
  steps: [
    { kind: 'instructions', title: t('channel.x.step1'), fields: [] },
    {
      kind: 'fields',
      title: t('channel.x.step2'),
      fields: [{ name: 'appName', label: t('channel.x.appName'), required: true, hint: t('channel.x.appNameHint') }],
    },
    {
      kind: 'fields',
      title: t('channel.x.step3'),
      fields: [
        { name: 'consumerKey', label: t('channel.x.consumerKey'), required: true, hint: t('channel.x.consumerKeyHint') },
        { name: 'consumerSecret', label: t('channel.x.consumerSecret'), required: true, hint: t('channel.x.consumerSecretHint') },
      ],
    },
    {
      kind: 'fields',
      title: t('channel.x.step4'),
      fields: [
        { name: 'accessToken', label: t('channel.x.accessToken'), required: true, hint: t('channel.x.accessTokenHint') },
        { name: 'accessTokenSecret', label: t('channel.x.accessTokenSecret'), required: true, hint: t('channel.x.accessTokenSecretHint') },
      ],
    },
    { kind: 'verify', title: t('channel.x.step5'), fields: [] },
    { kind: 'incoming', title: t('channel.x.step6'), fields: [] },
  ],
});
