// The dashboard: filters (the API's own), a clustered map, a brushable timeline, a list of the
// newest matching events and a panel with one event's sources, evidence and revisions.
import { FILTERS, getJSON, params } from "./api.js";
import { append, clear, el } from "./dom.js";
import { TYPE_COLOURS, colour, createMap } from "./map.js";
import { renderEvent } from "./panel.js";
import { bucketFor, createTimeline } from "./timeline.js";

const MAX_MARKERS = 20000;
const LIST_SIZE = 50;

const form = document.getElementById("filters");
const countNode = document.getElementById("count");
const listNode = document.getElementById("list");
const panel = document.getElementById("panel");
const panelBody = document.getElementById("panel-body");
const state = { filters: {}, viewBbox: null, fitted: false };

const map = createMap(document.getElementById("map"), {
  onSelect: openEvent,
  onMove: (bounds) => {
    state.viewBbox = bounds;
    if (form.elements.in_view.checked) refresh();
  },
});
const timeline = createTimeline(document.getElementById("histogram"), {
  onBrush: (range) => {
    form.elements.since.value = range ? range[0] : "";
    form.elements.until.value = range ? range[1] : "";
    refresh();
  },
});

function bboxOf(bounds) {
  const w = Math.max(-180, bounds.getWest()), e = Math.min(180, bounds.getEast());
  const s = Math.max(-90, bounds.getSouth()), n = Math.min(90, bounds.getNorth());
  return [w, s, e, n].map((v) => v.toFixed(4)).join(",");
}

function readFilters() {
  const f = {};
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (input && input.value !== "") f[name] = input.value.trim();
  }
  if (form.elements.in_view.checked && state.viewBbox) f.bbox = bboxOf(state.viewBbox);
  return f;
}

function fillSelect(name, values, current) {
  const select = form.elements[name];
  clear(select);
  select.append(el("option", { value: "" }, "any"));
  for (const { value, count } of values) select.append(el("option", { value }, `${value} (${count})`));
  if (current && !values.some((v) => v.value === current)) {
    select.append(el("option", { value: current }, `${current} (0)`));
  }
  // The property, not the attribute: a form reset must go back to "any".
  select.value = current ?? "";
}

function regroup(days, bucket) {
  if (bucket === "day") return { bucket, bins: days };
  const out = new Map();
  for (const b of days) {
    const d = new Date(`${b.start}T00:00:00Z`);
    if (bucket === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    else d.setUTCDate(1);
    const key = d.toISOString().slice(0, 10);
    out.set(key, (out.get(key) ?? 0) + b.count);
  }
  return { bucket, bins: [...out].map(([start, count]) => ({ start, count })) };
}

function showDownloads(f) {
  const nav = clear(document.getElementById("downloads"));
  const q = params(f).toString();
  for (const fmt of ["csv", "geojson", "parquet"]) {
    nav.append(el("a", { href: `/events.${fmt}${q ? `?${q}` : ""}`, download: "" }, fmt.toUpperCase()));
  }
}

function showList(page) {
  clear(listNode);
  for (const ev of page.items) {
    const place = [ev.location, ev.country].filter(Boolean).join(", ") || "unlocated";
    listNode.append(el("li", {},
      el("button", { type: "button", class: "event-item", dataset: { id: ev.event_id },
                     style: `border-left-color:${colour(ev.event_type)}`,
                     onclick: () => openEvent(ev.event_id) },
         el("span", { class: "date" }, ev.event_date ?? "undated"), " ",
         el("b", {}, ev.sub_event_type), el("br"),
         el("span", {}, place), ev.fatalities ? ` · ${ev.fatalities} killed` : "",
         el("span", { class: "outlets" }, ` · ${ev.outlets.join(", ")}`))));
  }
  if (page.total > page.items.length) {
    listNode.append(el("li", { class: "muted" }, `… and ${page.total - page.items.length} more`));
  }
}

let generation = 0;

async function refresh() {
  const f = readFilters();
  state.filters = f;
  const mine = ++generation;
  const noDates = { ...f };
  delete noDates.since;
  delete noDates.until;
  countNode.textContent = "loading…";
  try {
    const [page, points, days, facets] = await Promise.all([
      getJSON("/events", params(f, { limit: LIST_SIZE })),
      getJSON("/events/points", params(f, { limit: MAX_MARKERS })),
      getJSON("/events/timeline", params(noDates, { bucket: "day" })),
      getJSON("/events/facets", params(f)),
    ]);
    if (mine !== generation) return;
    performance.mark("sigact:data");
    const shown = await map.show(points);
    performance.mark("sigact:markers");
    if (mine !== generation) return;
    // Zoom to the matches when the filters changed (not when the map moved itself).
    if (!state.fitted) { map.fit(points); state.fitted = true; }
    const extent = days.bins.length ? [days.bins[0].start, days.bins[days.bins.length - 1].start] : null;
    timeline.draw(regroup(days.bins, bucketFor(extent)), [f.since, f.until]);
    for (const name of ["event_type", "sub_event_type", "country", "admin1"]) {
      fillSelect(name, facets[name], f[name]);
    }
    showList(page);
    showDownloads(f);
    countNode.dataset.total = String(page.total);
    countNode.textContent = `${page.total.toLocaleString("en")} events` +
      (points.truncated ? `, newest ${shown.toLocaleString("en")} of ${points.total.toLocaleString("en")} located on the map`
                        : `, ${shown.toLocaleString("en")} on the map`);
    if (!document.body.dataset.ready) document.body.dataset.firstLoadMs = performance.now().toFixed(0);
    document.body.dataset.ready = "true";
  } catch (err) {
    if (err.name === "AbortError") return;
    countNode.textContent = `Could not load events: ${err.message}`;
  }
}

async function openEvent(id) {
  try {
    const ev = await getJSON(`/events/${encodeURIComponent(id)}`, null, "event");
    renderEvent(panelBody, ev);
    panel.hidden = false;
    panel.dataset.event = id;
  } catch (err) {
    if (err.name !== "AbortError") {
      clear(panelBody).append(el("p", {}, `Could not load event ${id}: ${err.message}`));
      panel.hidden = false;
    }
  }
}

function legend() {
  const node = document.getElementById("legend");
  append(node, Object.entries(TYPE_COLOURS).map(([type, c]) =>
    el("span", { class: "key" }, el("i", { style: `background:${c}` }), type)));
}

let typing = null;
form.addEventListener("input", (event) => {
  clearTimeout(typing);
  if (event.target.name !== "in_view" && !form.elements.in_view.checked) state.fitted = false;
  const delay = event.target.type === "search" || event.target.type === "number" ? 300 : 0;
  typing = setTimeout(refresh, delay);
});
form.addEventListener("reset", () => { state.fitted = false; setTimeout(refresh, 0); });
form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
document.getElementById("close-panel").addEventListener("click", () => { panel.hidden = true; });

legend();
refresh();
window.sigact = { refresh, openEvent, state };
