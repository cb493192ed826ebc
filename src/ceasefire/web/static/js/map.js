// The map: a country basemap from world-atlas, deals as clustered points, movements as arrows.

import { el } from "./dom.js";
import { STATUSES, TYPES, dateText, label, placeText, typeColor } from "./style.js";

const SHADE = { proposed: 0.35, negotiating: 0.55, agreed: 0.8, implemented: 1, rejected: 0.45, collapsed: 0.45 };
const SVG = "http://www.w3.org/2000/svg";

export class DealMap {
  constructor(container, onPick) {
    this.map = L.map(container, { zoomSnap: 0.5, minZoom: 2, maxZoom: 13, worldCopyJump: true }).setView([35, 38.5], 6);
    this.map.createPane("basemap").style.zIndex = 250;
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      chunkProgress: (done, total) => done === total && this.pending && this.pick(this.pending),
    });
    this.arrows = L.featureGroup().addTo(this.map);
    this.cluster.addTo(this.map);
    this.onPick = onPick;
    this.markers = new Map();
    this.lines = new Map();
    this.icons = new Map();
    this.shownMarkers = new Set();
    this.shownArrows = new Set();
    this.picked = null;
    legend().addTo(this.map);
  }

  async basemap(url) {
    const topo = await (await fetch(url)).json();
    const countries = topojson.feature(topo, topo.objects.countries);
    const style = { color: "#b8b1a3", weight: 0.8, fillColor: "#f6f3ec", fillOpacity: 1 };
    L.geoJSON(countries, { style, interactive: false, pane: "basemap", renderer: L.svg({ pane: "basemap" }) })
      .addTo(this.map);
  }

  // Only the markers and arrows that change are taken off or put on: filtering 10,000 deals stays quick.
  show(deals, typeFilter) {
    const markers = new Set();
    const arrows = new Set();
    for (const deal of deals) {
      if (!deal.geometry) continue;
      markers.add(this.marker(deal, typeFilter));
      if (deal.geometry.type === "LineString") arrows.add(this.arrow(deal, typeFilter));
    }
    const gone = [...this.shownMarkers].filter((m) => !markers.has(m));
    if (gone.length > markers.size) {
      this.cluster.clearLayers();
      this.cluster.addLayers([...markers]);
    } else {
      this.cluster.removeLayers(gone);
      this.cluster.addLayers([...markers].filter((m) => !this.shownMarkers.has(m)));
    }
    for (const line of this.shownArrows) if (!arrows.has(line)) this.arrows.removeLayer(line);
    for (const line of arrows) {
      if (this.shownArrows.has(line)) continue;
      this.arrows.addLayer(line);
      arrowHead(line.getElement(), line.options.type);
    }
    this.shownMarkers = markers;
    this.shownArrows = arrows;
  }

  // Frame where most deals are, so that a few far-away talks (Geneva, Astana) do not zoom the map out.
  fit(deals) {
    const points = deals.filter((d) => d.geometry).map((d) => latLng(d.geometry));
    if (!points.length) return;
    const cut = (values) => {
      values.sort((a, b) => a - b);
      const at = (share) => values[Math.min(values.length - 1, Math.floor(share * values.length))];
      return [at(0.1), at(0.9)];
    };
    const [south, north] = cut(points.map((p) => p[0]));
    const [west, east] = cut(points.map((p) => p[1]));
    this.map.fitBounds([[south, west], [north, east]], { maxZoom: 8, padding: [30, 30] });
  }

  forget(id) {
    this.markers.delete(id);
    this.lines.delete(id);
  }

  // Show the deal's marker, out of its cluster; while clusters still load, wait for them. Clusters
  // that are still moving can drop a request to reveal a marker, so it is asked again until shown.
  pick(id) {
    if (this.picked) this.picked.getElement()?.classList.remove("picked");
    const marker = this.markers.get(id)?.marker;
    this.picked = marker && this.cluster.hasLayer(marker) ? marker : null;
    this.pending = marker && !this.picked ? id : null;
    if (this.picked) this.reveal(marker, 8);
  }

  reveal(marker, tries) {
    if (marker !== this.picked) return;
    const node = marker.getElement();
    if (node && this.map.getBounds().contains(marker.getLatLng())) {
      node.classList.add("picked");
      return;
    }
    this.cluster.zoomToShowLayer(marker, () => marker.getElement()?.classList.add("picked"));
    if (tries > 1) setTimeout(() => this.reveal(marker, tries - 1), 700);
  }

  marker(deal, typeFilter) {
    const type = colourType(deal, typeFilter);
    const known = this.markers.get(deal.id);
    if (known && known.type === type) return known.marker;
    const marker = L.marker(latLng(deal.geometry), { icon: this.icon(type, deal.status), keyboard: false });
    marker.bindTooltip(() => summary(deal), { direction: "top", offset: [0, -6] });
    marker.on("click", () => this.onPick(deal.id));
    marker.on("add", () => {
      const node = marker.getElement();
      node.dataset.deal = deal.id;
      if (marker === this.picked) node.classList.add("picked");
    });
    this.markers.set(deal.id, { marker, type });
    return marker;
  }

  icon(type, status) {
    const key = `${type} ${status}`;
    if (!this.icons.has(key)) {
      this.icons.set(key, L.divIcon({ className: `deal-marker t-${type} s-${status}`, iconSize: [14, 14], html: "" }));
    }
    return this.icons.get(key);
  }

  arrow(deal, typeFilter) {
    const type = colourType(deal, typeFilter);
    const known = this.lines.get(deal.id);
    if (known && known.options.type === type) return known;
    const [from, to] = deal.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
    const options = { color: typeColor(type), weight: 2.5, opacity: SHADE[deal.status] ?? 1, className: "deal-arrow", type };
    if (deal.status === "collapsed" || deal.status === "rejected") options.dashArray = "6 5";
    const line = L.polyline([from, to], options).on("click", () => this.onPick(deal.id));
    line.bindTooltip(() => summary(deal), { sticky: true });
    this.lines.set(deal.id, line);
    return line;
  }
}

function latLng(geometry) {
  const [lon, lat] = geometry.type === "Point" ? geometry.coordinates : geometry.coordinates[0];
  return [lat, lon];
}

function colourType(deal, typeFilter) {
  return typeFilter && deal.types.includes(typeFilter) ? typeFilter : deal.types[0];
}

function summary(deal) {
  return el("div", {}, el("strong", {}, deal.types.map(label).join(", ")), ` · ${deal.status}`,
    el("br"), placeText(deal), deal.date ? ` · ${dateText(deal.date)}` : "");
}

// An SVG arrowhead per type, defined once in the SVG that holds the lines.
function arrowHead(path, type) {
  if (!path) return;
  const svg = path.ownerSVGElement;
  const id = `arrow-${type}`;
  if (!svg.querySelector(`#${id}`)) {
    const defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(SVG, "defs"), svg.firstChild);
    const marker = document.createElementNS(SVG, "marker");
    for (const [k, v] of Object.entries({ id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 4,
      markerHeight: 4, orient: "auto-start-reverse" })) marker.setAttribute(k, v);
    const tip = document.createElementNS(SVG, "path");
    tip.setAttribute("d", "M0,0 L10,5 L0,10 z");
    tip.setAttribute("fill", typeColor(type));
    marker.append(tip);
    defs.append(marker);
  }
  path.setAttribute("marker-end", `url(#${id})`);
}

function legend() {
  const control = L.control({ position: "bottomleft" });
  control.onAdd = () => {
    const box = el("div", { class: "legend" }, el("h2", {}, "Type"));
    for (const type of TYPES) box.append(el("div", {}, el("span", { class: `swatch t-${type}` }), " ", label(type)));
    box.append(el("h2", {}, "Status"));
    for (const status of STATUSES) {
      box.append(el("div", {}, el("span", { class: `swatch t-ceasefire s-${status}` }), " ", status));
    }
    box.append(el("div", { class: "meta" }, "Arrows: from origin to destination"));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return control;
}
