// The JSON API, as the page uses it. Errors come back as {status, error, detail}.
//
// The server's token reaches it as an HttpOnly cookie (set by opening the
// address `eventledger serve` printed), which this code never sees. Writes
// also carry the X-Eventledger header: a page of another origin cannot send
// it without a CORS preflight, which the server never grants.

export class ApiError extends Error {
  constructor(status, detail, retryAfter) {
    super(detail);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

let inFlight = 0;
function busy(delta) {
  inFlight += delta;
  document.body.dataset.busy = inFlight > 0 ? 'true' : 'false';
}

const unauthorizedListeners = [];
// Called with the ApiError whenever the server answers 401 (no token, or a stale one).
export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    search.append(key, value === true ? 'true' : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request(path, options = {}) {
  busy(1);
  try {
    const response = await fetch(path, { credentials: 'same-origin', ...options, headers: { Accept: 'application/json', ...options.headers } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const retry = Number(response.headers.get('Retry-After')) || null;
      const error = new ApiError(response.status, (body && body.detail) || `${response.status} ${response.statusText}`, retry);
      if (response.status === 401) for (const listener of unauthorizedListeners) listener(error);
      throw error;
    }
    return body;
  } finally {
    busy(-1);
  }
}

export function getJSON(path, params) {
  return request(path + queryString(params));
}

export function postJSON(path, data) {
  return request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Eventledger': '1' },
    body: JSON.stringify(data),
  });
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Poll an upload job until it is done or failed; onProgress sees each state.
export async function waitForJob(job, onProgress) {
  let delay = 500;
  while (job.state === 'queued' || job.state === 'running') {
    onProgress(job);
    await sleep(delay);
    delay = Math.min(delay * 1.5, 3000);
    job = await getJSON(job.url);
  }
  return job;
}
