import type { FC } from 'hono/jsx';

// The texts of the guided setup that tell an administrator what to do on X's side. They follow
// the X developer portal (developer.x.com) as it is laid out: Projects & Apps, an app's
// "User authentication settings" and its "Keys and tokens" tab.

export const DeveloperAccountHelp: FC = () => (
  <div class="help">
    <p>
      Parley reads the mentions and direct messages of an X account and answers from tickets. For that it needs an app on the X developer
      portal and four keys of that app. Do this once per X account you connect:
    </p>
    <ol>
      <li>
        Sign in at <a href="https://developer.x.com/en/portal/dashboard">developer.x.com</a> <strong>with the X account your customers write to</strong>{' '}
        (for example your support account). The access token you create below belongs to the account that is signed in, and that account's
        mentions and direct messages become tickets. If the account has no developer access yet, sign up; reading mentions and direct
        messages needs an access level that includes reading posts and direct messages (the free level only posts), and X bills the calls.
      </li>
      <li>
        Under <em>Projects &amp; Apps</em>, create a project and an app inside it (or use an existing app). Note the app's name: step 2
        asks for it.
      </li>
      <li>
        Open the app's <em>Settings</em>, and under <em>User authentication settings</em> choose <em>Set up</em>:
        <ul>
          <li>
            <strong>App permissions: Read and write and Direct message.</strong> Parley reads mentions and direct messages, posts replies and
            sends direct messages (answers and the auto response); with less, X refuses those calls.
          </li>
          <li>
            <strong>Type of app:</strong> Web App, Automated App or Bot.
          </li>
          <li>
            <strong>Callback URI / Redirect URL</strong> and <strong>Website URL</strong> are required by the form: enter the address of this
            Parley (for example <code>https://helpdesk.example.com/</code>) and your organisation's website. Parley does not sign in through
            them.
          </li>
        </ul>
        Save.
      </li>
      <li>
        Open the app's <em>Keys and tokens</em> tab:
        <ul>
          <li>
            <em>Consumer Keys</em> → <em>API Key and Secret</em> → <em>Regenerate</em>: the <strong>API Key</strong> is the consumer key and the{' '}
            <strong>API Key Secret</strong> the consumer secret (step 3).
          </li>
          <li>
            <em>Authentication Tokens</em> → <em>Access Token and Secret</em> → <em>Generate</em>: the <strong>access token</strong> and the{' '}
            <strong>access token secret</strong> (step 4). Generate them <em>after</em> setting the permissions: the portal must say they were
            created with <em>Read, Write, and Direct Messages</em> permissions. A token made before the change keeps its old permissions;
            regenerate it.
          </li>
        </ul>
        X shows each secret only once: copy it straight into the next steps. Parley stores the secrets encrypted and never shows them again.
      </li>
    </ol>
  </div>
);

export const VerifyHelp: FC<{ apiUrl: string }> = ({ apiUrl }) => (
  <p class="help">
    <strong>Verify credentials</strong> asks X which account the keys of steps 3 and 4 belong to (<code>GET /2/users/me</code> at{' '}
    <code>{apiUrl}</code>, set by <code>PARLEY_X_API_URL</code>). On success the account's @username and id are stored with the profile; X's
    answer is shown when it refuses. A changed key must be verified again.
  </p>
);
