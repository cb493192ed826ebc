// Calls to the REST API; the page holds no data of its own beyond what these return.

export async function getJSON(path, params = {}, signal = undefined) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));
  const response = await fetch(query.size ? `${path}?${query}` : path, { signal });
  if (!response.ok) throw new Error(await reason(response));
  return response.json();
}

export async function send(method, path, body, token) {
  const response = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await reason(response));
  return response.json();
}

async function reason(response) {
  try {
    const body = await response.json();
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
    return `${response.status}: ${detail || response.statusText}`;
  } catch {
    return `${response.status}: ${response.statusText}`;
  }
}
