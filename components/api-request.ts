/** An API error as the dashboard shows it: the server's message and its field errors. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

type ErrorBody = { error?: { message?: string; details?: { fields?: Record<string, string[]> } }; detail?: string };

/** fetch for the JSON API: sends JSON, throws ApiRequestError with the server's message on 4xx/5xx. */
export async function apiRequest<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as T & ErrorBody;
  if (!response.ok) {
    throw new ApiRequestError(body.error?.message ?? body.detail ?? `Request failed (${response.status})`, response.status, body.error?.details?.fields ?? {});
  }
  return body;
}
