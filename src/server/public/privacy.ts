/// <reference lib="dom" />
/**
 * Privacy center: file a request, verify it with the emailed code, see its status and due date.
 * The status token returned at filing stays in this tab's sessionStorage only.
 */
import { api, element, errorText, say } from './common.js';

interface SubjectView {
  id: string;
  requestType: string;
  jurisdiction: string;
  state: string;
  dueDate: string;
  statusToken?: string;
}

const TYPES: Record<string, [string, string][]> = {
  GDPR: [
    ['access', 'A copy of my data'],
    ['erasure', 'Delete my data'],
    ['portability', 'My data in a portable format'],
    ['restriction', 'Restrict processing'],
    ['objection', 'Object to processing'],
  ],
  CCPA: [
    ['know', 'Know what data you hold'],
    ['delete', 'Delete my data'],
    ['opt-out', 'Do not sell or share my data'],
    ['access', 'A copy of my data'],
  ],
  HIPAA: [['access', 'A copy of my health records']],
};

const STATES: Record<string, string> = {
  received: 'Received',
  identity_unverified: 'Waiting for your code',
  verified: 'Verified: waiting to be processed',
  in_progress: 'Being processed',
  extended: 'Being processed (deadline extended)',
  completed: 'Completed',
  denied: 'Declined',
  cancelled: 'Cancelled',
};

function fillTypes(): void {
  const law = element<HTMLSelectElement>('jurisdiction').value;
  const select = element<HTMLSelectElement>('requestType');
  select.replaceChildren(
    ...(TYPES[law] ?? []).map(([value, label]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
}

function show(view: SubjectView): void {
  element('status-section').hidden = false;
  element('status-id').textContent = view.id;
  element('status-state').textContent = STATES[view.state] ?? view.state;
  element('status-due').textContent = view.dueDate;
}

function current(): { id: string; token: string } | undefined {
  const id = sessionStorage.getItem('veil.dsar.id');
  const token = sessionStorage.getItem('veil.dsar.token');
  return id === null || token === null ? undefined : { id, token };
}

async function refresh(): Promise<void> {
  const saved = current();
  if (saved === undefined) return;
  try {
    show(await api<SubjectView>('GET', `/v1/dsar/${encodeURIComponent(saved.id)}`, { headers: { 'x-dsar-token': saved.token } }));
  } catch (error) {
    say(errorText(error), true);
  }
}

element<HTMLSelectElement>('jurisdiction').addEventListener('change', fillTypes);
fillTypes();

element<HTMLFormElement>('file-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const email = element<HTMLInputElement>('email');
  if (!email.checkValidity()) {
    say('Please enter a valid email address.', true);
    email.focus();
    return;
  }
  void (async () => {
    try {
      const created = await api<SubjectView>('POST', '/v1/dsar', {
        body: {
          jurisdiction: element<HTMLSelectElement>('jurisdiction').value,
          requestType: element<HTMLSelectElement>('requestType').value,
          email: email.value,
        },
      });
      sessionStorage.setItem('veil.dsar.id', created.id);
      sessionStorage.setItem('veil.dsar.token', created.statusToken ?? '');
      element('verify-section').hidden = false;
      show(created);
      say('Request received. We sent a code to your email address: enter it below.');
      element<HTMLInputElement>('code').focus();
    } catch (error) {
      say(errorText(error), true);
    }
  })();
});

element<HTMLFormElement>('verify-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const saved = current();
  if (saved === undefined) return;
  void (async () => {
    try {
      const view = await api<SubjectView>('POST', `/v1/dsar/${encodeURIComponent(saved.id)}/verify`, {
        body: { code: element<HTMLInputElement>('code').value.trim() },
      });
      show(view);
      element('verify-section').hidden = true;
      say('Thank you: your identity is verified.');
    } catch (error) {
      say(errorText(error), true);
    }
  })();
});

element<HTMLButtonElement>('refresh').addEventListener('click', () => void refresh());
void refresh();
