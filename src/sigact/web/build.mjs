// Build the dashboard into dist/: our own files from src/, and the third-party files it needs
// (Leaflet, marker clustering, TopoJSON client, Natural Earth borders) copied out of
// node_modules, which `npm ci` fills from the npm registry. Nothing here is committed to git.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "dist");

// [package, file inside it, where it goes under dist/vendor]
const VENDOR = [
  ["leaflet", "dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet", "dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet", "dist/images", "leaflet/images"],
  ["leaflet", "LICENSE", "leaflet/LICENSE"],
  ["leaflet.markercluster", "dist/leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"],
  ["leaflet.markercluster", "dist/MarkerCluster.css", "markercluster/MarkerCluster.css"],
  ["leaflet.markercluster", "MIT-LICENCE.txt", "markercluster/LICENSE"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson/topojson-client.min.js"],
  ["topojson-client", "LICENSE", "topojson/LICENSE"],
  ["world-atlas", "countries-50m.json", "world-atlas/countries-50m.json"],
  ["world-atlas", "LICENSE", "world-atlas/LICENSE"],
];

if (!existsSync(modules)) {
  console.error("build: node_modules is missing; run `npm ci` in src/sigact/web first (make web does).");
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "vendor"), { recursive: true });
cpSync(join(here, "src"), out, { recursive: true });

const versions = {};
for (const [pkg, file, dest] of VENDOR) {
  const src = join(modules, pkg, file);
  if (!existsSync(src)) {
    console.error(`build: ${pkg} has no ${file}; check the version pinned in package.json.`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, "vendor", dest)), { recursive: true });
  cpSync(src, join(out, "vendor", dest), { recursive: true });
  versions[pkg] = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}
writeFileSync(join(out, "vendor", "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`build: dashboard written to ${out} (${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(", ")})`);
