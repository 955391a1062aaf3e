// The map: Natural Earth country borders (no tiles: works offline) and event markers,
// clustered, each coloured by its event type; clusters take the colour of their commonest type.
import { el } from "./dom.js";

export const TYPE_COLOURS = {
  "Battles": "#c62828",
  "Explosions/Remote violence": "#ef6c00",
  "Violence against civilians": "#6a1b9a",
  "Protests": "#2e7d32",
  "Riots": "#795548",
  "Strategic developments": "#1565c0",
};
const OTHER = "#546e7a";

export function colour(type) {
  return TYPE_COLOURS[type] ?? OTHER;
}

export function createMap(container, { onSelect, onMove }) {
  const map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 12 })
    .setView([25, 30], 3);
  map.attributionControl.addAttribution("Borders: Natural Earth");
  fetch("vendor/world-atlas/countries-50m.json")
    .then((r) => r.json())
    .then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, {
        interactive: false,
        style: { color: "#8a8f98", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map).bringToBack();
    })
    .catch(() => { /* markers still work without borders */ });

  let clustered = null;  // resolves the promise show() returned once every marker is placed
  const clusters = L.markerClusterGroup({
    chunkedLoading: true,  // in slices of 200 ms, so the page stays responsive
    chunkDelay: 1,
    chunkProgress: (done, total) => { if (done === total) clustered?.(); },
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(clusters);
  map.on("moveend", () => onMove?.(map.getBounds()));

  function show(points) {
    clusters.clearLayers();
    const markers = [];
    for (let i = 0; i < points.event_id.length; i++) {
      const type = points.event_type[i];
      const marker = L.circleMarker([points.latitude[i], points.longitude[i]], {
        radius: 6 + Math.min(6, Math.sqrt(points.fatalities[i])),
        color: "#222", weight: 1, fillColor: colour(type), fillOpacity: 0.85,
        className: "sigact-marker",
      });
      marker.eventType = type;
      // Built when first shown, and as an element: Leaflet would set a string as HTML.
      marker.bindTooltip(() => tooltip(points, i));
      const id = points.event_id[i];
      marker.on("click", () => onSelect(id));
      markers.push(marker);
    }
    const placed = new Promise((resolve) => { clustered = resolve; });
    clusters.addLayers(markers);
    if (!markers.length) clustered();
    container.dataset.markers = String(markers.length);
    return placed.then(() => markers.length);
  }

  function fit(points) {
    if (!points.latitude.length) return;
    const bounds = L.latLngBounds(points.latitude.map((lat, i) => [lat, points.longitude[i]]));
    map.fitBounds(bounds.pad(0.2), { maxZoom: 7 });
  }

  return { map, show, fit };
}

function tooltip(points, i) {
  return el("span", {},
    el("b", {}, points.sub_event_type[i]), el("br"),
    `${points.event_date[i] ?? "undated"} · ${points.fatalities[i]} killed`);
}

function clusterIcon(cluster) {
  const counts = {};
  for (const m of cluster.getAllChildMarkers()) counts[m.eventType] = (counts[m.eventType] ?? 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0];
  const n = cluster.getChildCount();
  const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
  const html = el("div", { style: `background:${colour(top)}` }, el("span", {}, String(n)));
  return L.divIcon({ html, className: "sigact-cluster marker-cluster", iconSize: L.point(size, size) });
}
