// The dashboard shell: sign-in, navigation and a hash router (#/feed, #/request/<id>, ...).
import { api, setCsrf } from './api.js';
import { html, render, useEffect, useState } from './html.js';
import { SignIn } from './pages/signin.js';
import { Feed } from './pages/feed.js';
import { RequestPage } from './pages/request.js';
import { Approvals } from './pages/approvals.js';
import { KillSwitches } from './pages/kills.js';
import { Keys } from './pages/keys.js';
import { Policy } from './pages/policy.js';
import { TryIt } from './pages/tryit.js';
import { Overview } from './pages/overview.js';
import { Reports } from './pages/reports.js';
import { Review } from './pages/review.js';

const PAGES = [
  ['overview', 'Overview', Overview],
  ['feed', 'Live feed', Feed],
  ['approvals', 'Approvals', Approvals],
  ['kill-switches', 'Kill switches', KillSwitches],
  ['keys', 'Keys', Keys],
  ['policy', 'Policy', Policy],
  ['try', 'Try it', TryIt],
  ['reports', 'Red-team reports', Reports],
  ['review', 'Review queue', Review],
];

function currentRoute() {
  const [, page = 'overview', ...rest] = location.hash.replace(/^#/, '').split('/');
  return { page, arg: rest.map(decodeURIComponent).join('/') };
}

function Shell({ operator, onSignOut }) {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const entry = PAGES.find(([id]) => id === route.page);
  const Page = route.page === 'request' ? RequestPage : entry ? entry[2] : Overview;
  return html`<div class="shell">
    <a class="skip" href="#main">Skip to content</a>
    <header>
      <h1>Warden</h1>
      <span class="who">Signed in as <strong>${operator.name}</strong> · ${operator.tenant === null ? 'all tenants' : html`tenant <strong>${operator.tenant}</strong>`}</span>
      <button type="button" onClick=${onSignOut}>Sign out</button>
    </header>
    <nav aria-label="Pages">
      <ul>
        ${PAGES.map(([id, label]) => html`<li><a href=${'#/' + id} aria-current=${route.page === id ? 'page' : undefined}>${label}</a></li>`)}
      </ul>
    </nav>
    <main id="main" tabindex="-1"><${Page} operator=${operator} arg=${route.arg} /></main>
  </div>`;
}

function App() {
  const [state, setState] = useState({ loading: true, operator: null });
  useEffect(() => {
    api('GET', '/session')
      .then((s) => {
        setCsrf(s.csrf);
        setState({ loading: false, operator: s.operator });
      })
      .catch(() => setState({ loading: false, operator: null }));
  }, []);
  const signedIn = (s) => {
    setCsrf(s.csrf);
    setState({ loading: false, operator: s.operator });
  };
  const signOut = async () => {
    await api('DELETE', '/session').catch(() => undefined);
    setCsrf(null);
    setState({ loading: false, operator: null });
  };
  if (state.loading) return html`<p class="loading">Loading…</p>`;
  return state.operator === null ? html`<${SignIn} onSignedIn=${signedIn} />` : html`<${Shell} operator=${state.operator} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('root'));
