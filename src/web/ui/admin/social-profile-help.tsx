import type { Child, FC } from 'hono/jsx';
import { t } from '../../../i18n/index.ts';
import { mark, rich } from './rich.tsx';

// The texts of the guided setup that tell an administrator what to do on X's side. They follow
// the X developer portal (developer.x.com) as it is laid out: Projects & Apps, an app's
// "User authentication settings" and its "Keys and tokens" tab. The portal's own labels stay as
// the portal shows them (it is in English); the sentences around them come from the catalogs.

/** t() with the named placeholders filled by elements. */
const tr = (key: string, parts: Record<string, Child>) => rich(t(key, Object.fromEntries(Object.keys(parts).map((k) => [k, mark(k)]))), parts);

export const DeveloperAccountHelp: FC = () => (
  <div class="help">
    <p>{t('channel.x.help.intro')}</p>
    <ol>
      <li>
        {tr('channel.x.help.signIn', {
          link: <a href="https://developer.x.com/en/portal/dashboard">developer.x.com</a>,
          account: <strong>{t('channel.x.help.signInAccount')}</strong>,
        })}
      </li>
      <li>{tr('channel.x.help.project', { projects: <em>Projects &amp; Apps</em> })}</li>
      <li>
        {tr('channel.x.help.settings', { settings: <em>Settings</em>, auth: <em>User authentication settings</em>, setUp: <em>Set up</em> })}
        <ul>
          <li>
            <strong>{t('channel.x.help.permissions')}</strong> {t('channel.x.help.permissionsWhy')}
          </li>
          <li>
            <strong>{t('channel.x.help.appType')}</strong> {t('channel.x.help.appTypes')}
          </li>
          <li>
            {tr('channel.x.help.urls', {
              callback: <strong>Callback URI / Redirect URL</strong>,
              website: <strong>Website URL</strong>,
              example: <code>https://helpdesk.example.com/</code>,
            })}
          </li>
        </ul>
        {t('channel.x.help.save')}
      </li>
      <li>
        {tr('channel.x.help.keys', { tab: <em>Keys and tokens</em> })}
        <ul>
          <li>
            {tr('channel.x.help.consumer', {
              consumerKeys: <em>Consumer Keys</em>,
              apiKey: <em>API Key and Secret</em>,
              regenerate: <em>Regenerate</em>,
              key: <strong>API Key</strong>,
              secret: <strong>API Key Secret</strong>,
            })}
          </li>
          <li>
            {tr('channel.x.help.tokens', {
              authTokens: <em>Authentication Tokens</em>,
              accessToken: <em>Access Token and Secret</em>,
              generate: <em>Generate</em>,
              token: <strong>{t('channel.x.help.accessTokenWord')}</strong>,
              tokenSecret: <strong>{t('channel.x.help.accessTokenSecretWord')}</strong>,
              after: <em>{t('channel.x.help.after')}</em>,
              rwdm: <em>Read, Write, and Direct Messages</em>,
            })}
          </li>
        </ul>
        {t('channel.x.help.once')}
      </li>
    </ol>
  </div>
);

export const VerifyHelp: FC<{ apiUrl: string }> = ({ apiUrl }) => (
  <p class="help">
    {tr('channel.x.help.verify', {
      button: <strong>{t('admin.profiles.wizard.verify')}</strong>,
      call: <code>GET /2/users/me</code>,
      url: <code>{apiUrl}</code>,
      env: <code>PARLEY_X_API_URL</code>,
    })}
  </p>
);
