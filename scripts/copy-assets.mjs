// Copies the pinned front-end assets from node_modules into the app's wwwroot/lib,
// so the app serves them itself (no CDN, works offline).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "src", "Maillage", "wwwroot", "lib");
const assets = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/bootstrap.min.css.map"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/bootstrap.bundle.min.js.map"],
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images/layers.png", "leaflet/images/layers.png"],
  ["leaflet/dist/images/layers-2x.png", "leaflet/images/layers-2x.png"],
  ["leaflet/dist/images/marker-icon.png", "leaflet/images/marker-icon.png"],
  ["leaflet/dist/images/marker-icon-2x.png", "leaflet/images/marker-icon-2x.png"],
  ["leaflet/dist/images/marker-shadow.png", "leaflet/images/marker-shadow.png"],
  ["chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"],
  ["chart.js/dist/chart.umd.min.js.map", "chartjs/chart.umd.min.js.map"],
];

rmSync(lib, { recursive: true, force: true });
for (const [from, to] of assets) {
  const target = join(lib, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, "node_modules", from), target);
}
console.log(`copied ${assets.length} assets to ${lib}`);
