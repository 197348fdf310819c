/// <reference lib="dom" />
/**
 * Staff dashboard: sign in, then requests with their deadlines, the compliance score per
 * framework and recent audit events. The access token lives in memory only (gone on reload).
 */
import { api, element, errorText, say } from './common.js';

interface Login {
  accessToken: string;
  refreshToken: string;
  user: { username: string };
}
interface StaffRequest {
  id: string;
  requestType: string;
  jurisdiction: string;
  state: string;
  dueDate: string;
  overdue: boolean;
}
interface Score {
  framework: string;
  score: number;
  attention: number;
}
interface AuditEvent {
  time: string;
  type: string;
  action: string | null;
  status: string;
}

let session: Login | undefined;

function row(cells: string[], className?: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  if (className !== undefined) tr.className = className;
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

async function load(): Promise<void> {
  if (session === undefined) return;
  const token = session.accessToken;
  const [requests, scores, audit] = await Promise.allSettled([
    api<{ requests: StaffRequest[] }>('GET', '/v1/dsar', { token }),
    api<{ frameworks: Score[] }>('GET', '/v1/compliance/summary', { token }),
    api<{ events: AuditEvent[] }>('GET', `/v1/audit/events?limit=1000&from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`, { token }),
  ]);
  const dsarBody = element('dsar-table').querySelector('tbody') as HTMLTableSectionElement;
  if (requests.status === 'fulfilled') {
    dsarBody.replaceChildren(
      ...requests.value.requests.map((r) =>
        row([r.id, r.requestType, r.jurisdiction, r.state, r.overdue ? `${r.dueDate} (overdue)` : r.dueDate], r.overdue ? 'overdue' : undefined),
      ),
    );
  } else dsarBody.replaceChildren(row([errorText(requests.reason)]));
  const list = element('scores');
  if (scores.status === 'fulfilled') {
    list.replaceChildren(
      ...scores.value.frameworks.map((s) => {
        const li = document.createElement('li');
        const name = document.createElement('div');
        name.textContent = s.framework;
        const value = document.createElement('div');
        value.className = 'score';
        value.textContent = `${s.score}%`;
        const note = document.createElement('div');
        note.className = 'hint';
        note.textContent = `${s.attention} need attention`;
        li.append(name, value, note);
        return li;
      }),
    );
  } else list.replaceChildren();
  const auditBody = element('audit-table').querySelector('tbody') as HTMLTableSectionElement;
  if (audit.status === 'fulfilled') {
    auditBody.replaceChildren(
      ...audit.value.events.slice(-25).reverse().map((e) => row([e.time, e.type, e.action ?? '', e.status])),
    );
  } else auditBody.replaceChildren(row([errorText(audit.reason)]));
}

element<HTMLFormElement>('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const totp = element<HTMLInputElement>('totp').value.trim();
  void (async () => {
    try {
      session = await api<Login>('POST', '/v1/auth/login', {
        body: {
          username: element<HTMLInputElement>('username').value,
          password: element<HTMLInputElement>('password').value,
          ...(totp === '' ? {} : { totp }),
        },
      });
      element<HTMLInputElement>('password').value = '';
      element('login-section').hidden = true;
      element('dashboard').hidden = false;
      element('who').textContent = session.user.username;
      element('message').hidden = true;
      await load();
    } catch (error) {
      say(errorText(error), true);
    }
  })();
});

element<HTMLButtonElement>('logout').addEventListener('click', () => {
  const ending = session;
  session = undefined;
  element('dashboard').hidden = true;
  element('login-section').hidden = false;
  if (ending !== undefined) {
    void api('POST', '/v1/auth/logout', { token: ending.accessToken, body: { refreshToken: ending.refreshToken } }).catch(() => undefined);
  }
});
