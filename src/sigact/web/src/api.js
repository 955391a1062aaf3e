// The dashboard's calls to the API it is served by (same origin), with the filters as URL
// parameters named exactly as the API's.

export const FILTERS = ["q", "event_type", "sub_event_type", "country", "admin1", "actor",
                        "min_fatalities", "since", "until", "bbox"];

export function params(filters, extra = {}) {
  const p = new URLSearchParams();
  for (const name of FILTERS) {
    const value = filters[name];
    if (value !== undefined && value !== null && value !== "") p.set(name, value);
  }
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

const controllers = new Map();

/** GET a JSON document; a newer call with the same key cancels the older one. */
export async function getJSON(path, query, key = path) {
  controllers.get(key)?.abort();
  const ctrl = new AbortController();
  controllers.set(key, ctrl);
  const url = query && [...query].length ? `${path}?${query}` : path;
  const response = await fetch(url, { signal: ctrl.signal, headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail ?? detail; } catch (_) { /* not JSON */ }
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return response.json();
}
