import { api } from '../api.js';
import { html, useState } from '../html.js';

export function SignIn({ onSignedIn }) {
  const [method, setMethod] = useState('token');
  const [value, setValue] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      onSignedIn(await api('POST', '/session', method === 'token' ? { token: value } : { id_token: value }));
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<main class="signin" id="main">
    <h1>Warden dashboard</h1>
    <form onSubmit=${submit}>
      <fieldset>
        <legend>Sign in with</legend>
        <label><input type="radio" name="method" checked=${method === 'token'} onChange=${() => setMethod('token')} /> Admin or operator token</label>
        <label><input type="radio" name="method" checked=${method === 'oidc'} onChange=${() => setMethod('oidc')} /> OIDC ID token</label>
      </fieldset>
      <label for="credential">${method === 'token' ? 'Token' : 'ID token (JWT from your identity provider)'}</label>
      <input id="credential" type="password" autocomplete="current-password" required value=${value} onInput=${(e) => setValue(e.currentTarget.value)} />
      <button type="submit">Sign in</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>
    <p class="note">The admin token is the gateway's admin API token (env var named by <code>gateway.admin.token_env</code>, default WARDEN_ADMIN_TOKEN); <code>npm start</code> prints one for the demo.</p>
  </main>`;
}
