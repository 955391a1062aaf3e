// The timeline: events per day (week or month over long spans) as bars; dragging across it
// chooses a date range, which becomes the since/until filters; a click clears it.
const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const parse = (s) => Date.parse(`${s}T00:00:00Z`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);

export function bucketFor(extent) {
  if (!extent) return "day";
  const days = (parse(extent[1]) - parse(extent[0])) / DAY;
  return days > 1500 ? "month" : days > 240 ? "week" : "day";
}

const WIDTH = { day: DAY, week: 7 * DAY, month: 31 * DAY, year: 366 * DAY };

function nextStart(start, bucket) {
  const d = new Date(parse(start));
  if (bucket === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else if (bucket === "year") d.setUTCFullYear(d.getUTCFullYear() + 1);
  else return parse(start) + WIDTH[bucket];
  return d.getTime();
}

export function createTimeline(node, { onBrush }) {
  let scale = null;
  let selection = null;
  let drag = null;

  function draw(timeline, range) {
    while (node.firstChild) node.removeChild(node.firstChild);
    const { width, height } = node.getBoundingClientRect();
    node.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const bins = timeline.bins;
    node.dataset.bins = String(bins.length);
    if (!bins.length) { scale = null; return; }
    const lo = parse(bins[0].start);
    const hi = nextStart(bins[bins.length - 1].start, timeline.bucket);
    const pad = 4;
    const x = (t) => pad + ((t - lo) / (hi - lo)) * (width - 2 * pad);
    scale = { lo, hi, pad, width, bucket: timeline.bucket };
    const max = Math.max(...bins.map((b) => b.count));
    const h = height - 18;
    for (const b of bins) {
      const x0 = x(parse(b.start));
      const x1 = x(nextStart(b.start, timeline.bucket));
      const bh = Math.max(1, (b.count / max) * (h - 4));
      const bar = svg("rect", { x: x0, y: h - bh, width: Math.max(1, x1 - x0 - 1), height: bh,
                                class: "bar" });
      const title = svg("title");
      title.textContent = `${b.start}: ${b.count} events`;
      bar.append(title);
      node.append(bar);
    }
    for (const t of [lo, (lo + hi) / 2, hi - DAY]) {
      const label = svg("text", { x: x(t), y: height - 4, class: "axis",
                                  "text-anchor": t === lo ? "start" : t === hi - DAY ? "end" : "middle" });
      label.textContent = iso(t);
      node.append(label);
    }
    selection = svg("rect", { class: "brush", y: 0, height: h, x: 0, width: 0 });
    node.append(selection);
    if (range && (range[0] || range[1])) {
      const a = range[0] ? x(parse(range[0])) : pad;
      const b = range[1] ? x(parse(range[1]) + DAY) : width - pad;
      selection.setAttribute("x", String(Math.min(a, b)));
      selection.setAttribute("width", String(Math.abs(b - a)));
    }
  }

  function dateAt(px) {
    const t = scale.lo + ((px - scale.pad) / (scale.width - 2 * scale.pad)) * (scale.hi - scale.lo);
    return Math.min(scale.hi - DAY, Math.max(scale.lo, t));
  }
  const px = (event) => event.clientX - node.getBoundingClientRect().left;

  node.addEventListener("pointerdown", (event) => {
    if (!scale) return;
    drag = { start: px(event), moved: false };
    node.setPointerCapture(event.pointerId);
  });
  node.addEventListener("pointermove", (event) => {
    if (!drag || !selection) return;
    const now = px(event);
    drag.moved = drag.moved || Math.abs(now - drag.start) > 3;
    selection.setAttribute("x", String(Math.min(now, drag.start)));
    selection.setAttribute("width", String(Math.abs(now - drag.start)));
  });
  node.addEventListener("pointerup", (event) => {
    if (!drag) return;
    const end = px(event);
    const moved = drag.moved;
    const start = drag.start;
    drag = null;
    if (!moved) { onBrush(null); return; }
    const a = dateAt(Math.min(start, end));
    const b = dateAt(Math.max(start, end));
    onBrush([iso(a), iso(b)]);
  });

  return { draw };
}
