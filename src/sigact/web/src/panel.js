// The event panel: the coded fields, every source with its evidence sentences (the spans where
// the fields were found highlighted) and the revision history. All report text is text nodes.
import { clear, el, highlighted, safeLink } from "./dom.js";
import { colour } from "./map.js";

const actorText = (name, inter) => (name ? `${name}${inter ? ` (inter ${inter})` : ""}` : null);

function row(label, value) {
  if (value === null || value === undefined || value === "" ||
      (Array.isArray(value) && !value.length)) return null;
  return [el("dt", {}, label), el("dd", {}, Array.isArray(value) ? value.join(", ") : String(value))];
}

function place(ev) {
  return [ev.location, ev.admin2, ev.admin1, ev.country].filter(Boolean).join(", ") ||
    ev.location_text || "unknown place";
}

function value(v) {
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") {
    if (!Array.isArray(v) && v.location) return v.location;
    return JSON.stringify(v);
  }
  return String(v);
}

function source(src, i) {
  const head = el("p", { class: "source-head" },
    el("b", {}, src.outlet ?? "unknown outlet"), " · ",
    src.published ?? "undated", " · ",
    src.url ? safeLink(src.url, "report") : `document ${src.doc}`);
  const sentences = src.evidence.map((e) =>
    el("blockquote", { dataset: { start: e.start, end: e.end } },
      highlighted(e.text, e.spans),
      el("small", { class: "offsets" }, ` characters ${e.start}–${e.end} of ${src.doc}`)));
  return el("li", { class: "source", dataset: { source: i } }, head, sentences);
}

function revisions(list) {
  if (!list.length) return el("p", { class: "muted" }, "Not revised since first reported.");
  return el("table", { class: "revisions" },
    el("thead", {}, el("tr", {}, el("th", {}, "when"), el("th", {}, "field"),
                       el("th", {}, "was"), el("th", {}, "now"), el("th", {}, "because of"))),
    el("tbody", {}, list.map((r) => el("tr", {},
      el("td", {}, r.at.replace("T", " ").replace("+00:00", "")), el("td", {}, r.field),
      el("td", {}, value(r.old)), el("td", {}, value(r.new)),
      el("td", {}, [r.outlet, r.doc].filter(Boolean).join(" · ") || "re-merge")))));
}

export function renderEvent(body, ev) {
  clear(body);
  body.append(
    el("p", { class: "type", style: `border-color:${colour(ev.event_type)}` },
       ev.event_type, " › ", el("b", {}, ev.sub_event_type)),
    el("h2", {}, place(ev)),
    el("p", { class: "when" }, ev.event_date ?? "date unknown",
       ev.time_precision > 1 ? ` (precision ${ev.time_precision})` : ""),
    el("dl", {},
      row("Actor 1", actorText(ev.actor1, ev.inter1)),
      row("Actor 2", actorText(ev.actor2, ev.inter2)),
      row("Fatalities", ev.fatalities_high > ev.fatalities
        ? `${ev.fatalities} (up to ${ev.fatalities_high})` : ev.fatalities),
      row("Injuries", ev.injuries),
      row("Weapons", ev.weapons),
      row("Target", ev.target),
      row("Claims", ev.claims.map((c) => `${c.kind}: ${c.actor}${c.by ? ` (by ${c.by})` : ""}`)),
      row("Confidence", ev.confidence),
      row("CAMEO / PLOVER", [ev.cameo_code, ev.plover_code].filter(Boolean).join(" / ")),
      row("Coordinates", ev.latitude !== null ? `${ev.latitude}, ${ev.longitude}` : null),
      row("Notes", ev.notes),
      row("Event id", ev.event_id)),
    el("h3", {}, `Sources (${ev.sources.length})`),
    el("ol", { class: "sources" }, ev.sources.map(source)),
    el("h3", {}, "Revision history"),
    revisions(ev.revisions));
}
