// The JSON API, as the page uses it. Errors come back as {status, error, detail}.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

let inFlight = 0;
function busy(delta) {
  inFlight += delta;
  document.body.dataset.busy = inFlight > 0 ? 'true' : 'false';
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
    const response = await fetch(path, { headers: { Accept: 'application/json' }, ...options });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new ApiError(response.status, (body && body.detail) || `${response.status} ${response.statusText}`);
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
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(data),
  });
}
