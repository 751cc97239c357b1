import { api } from '../api.js';
import { html, useEffect, useState } from '../html.js';

// The callback sends back a fixed code, never the provider's own text (oidc-routes.ts).
const OIDC_ERRORS = {
  oidc_state: 'The sign-in could not be matched to this browser (wrong or expired state). Start again.',
  oidc_provider: 'The identity provider did not sign you in.',
  oidc_exchange: 'The identity provider did not accept the sign-in code.',
  oidc_token: 'The identity provider sent an ID token that failed verification (signature, issuer, audience, expiry or nonce).',
  oidc_denied: 'Your account has neither the Warden admin role nor a tenant.',
  oidc_unavailable: 'The identity provider cannot be reached; try again or sign in with a token.',
};

function signInError() {
  const code = new URLSearchParams(location.search).get('signin_error');
  if (code === null) return null;
  return OIDC_ERRORS[code] ?? 'Sign-in failed.';
}

export function SignIn({ onSignedIn }) {
  const [method, setMethod] = useState('token');
  const [value, setValue] = useState('');
  const [error, setError] = useState(signInError);
  const [redirect, setRedirect] = useState(false);
  useEffect(() => {
    api('GET', '/sign-in')
      .then((o) => setRedirect(o.oidcRedirect === true))
      .catch(() => setRedirect(false));
  }, []);
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
    ${redirect && html`<p><a class="sso" href="/dashboard/oidc/login">Sign in with your identity provider</a></p>`}
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
