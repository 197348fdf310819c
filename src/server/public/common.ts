/// <reference lib="dom" />
/**
 * Browser helpers shared by the privacy center and the dashboard: JSON calls to the API and a
 * polite status message. Text is always set with textContent, never parsed as HTML.
 */

/** An API answer that was not 2xx, with the server's safe message. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function api<T>(
  method: string,
  url: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  const response = await fetch(url, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    credentials: 'omit',
  });
  const text = await response.text();
  const data = text.length > 0 ? (JSON.parse(text) as unknown) : {};
  if (!response.ok) {
    const message = (data as { message?: unknown }).message;
    throw new ApiError(response.status, typeof message === 'string' ? message : `request failed (${response.status})`);
  }
  return data as T;
}

export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`page is missing #${id}`);
  return found as T;
}

export function say(text: string, isError = false): void {
  const box = element<HTMLDivElement>('message');
  box.textContent = text;
  box.classList.toggle('error', isError);
  box.hidden = false;
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : 'The service could not be reached. Please try again.';
}
