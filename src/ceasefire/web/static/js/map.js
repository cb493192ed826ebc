// The map: a country basemap from world-atlas, deals as points clustered on a grid over the view, movements
// as arrows.
//
// Clusters are worked out for the current zoom and view only, from positions projected once: a filter or
// a move costs one pass over the deals kept and a few hundred markers, whatever the store holds. Arrows
// stay on the map once drawn, and a filter hides or shows them.

import { el } from "./dom.js";
import { STATUSES, TYPES, dateText, label, placeText, typeColor } from "./style.js";

const SHADE = { proposed: 0.35, negotiating: 0.55, agreed: 0.8, implemented: 1, rejected: 0.45, collapsed: 0.45 };
// An arrowhead's sides, in pixels, and their angle to the line.
const HEAD = 9;
const HEAD_ANGLE = 0.45;
// Deals whose markers fall in one square of this many pixels share a cluster.
const CELL = 60;
// Deals still clustered at the deepest zoom (one town) are spread around it: this far apart, in pixels.
const SPREAD = 12;
const NEIGHBOURS = [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]];

export class DealMap {
  constructor(container, onPick) {
    this.map = L.map(container, { zoomSnap: 0.5, minZoom: 2, maxZoom: 13, worldCopyJump: true }).setView([35, 38.5], 6);
    this.map.createPane("basemap").style.zIndex = 250;
    this.points = L.layerGroup().addTo(this.map);
    this.arrows = L.featureGroup().addTo(this.map);
    this.onPick = onPick;
    this.deals = [];
    this.typeFilter = "";
    this.spots = new Map();
    this.markers = new Map();
    this.lines = new Map();
    this.icons = new Map();
    this.drawn = new Map();
    this.shownArrows = new Set();
    this.picked = null;
    this.spread = null;
    this.map.on("zoomstart", () => { this.spread = null; });
    this.map.on("moveend", () => this.draw());
    this.map.on("zoomend", () => this.pointArrows());
    legend().addTo(this.map);
  }

  async basemap(url) {
    const topo = await (await fetch(url)).json();
    const countries = topojson.feature(topo, topo.objects.countries);
    const style = { color: "#b8b1a3", weight: 0.8, fillColor: "#f6f3ec", fillOpacity: 1 };
    L.geoJSON(countries, { style, interactive: false, pane: "basemap", renderer: L.svg({ pane: "basemap" }) })
      .addTo(this.map);
  }

  show(deals, typeFilter) {
    this.deals = deals;
    this.typeFilter = typeFilter;
    this.spread = null;
    this.draw();
    this.showArrows();
  }

  // Frame where most deals are, so that a few far-away talks (Geneva, Astana) do not zoom the map out.
  // At once: an animated zoom on opening would keep the page busy for a quarter of a second.
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
    this.map.fitBounds([[south, west], [north, east]], { maxZoom: 8, padding: [30, 30], animate: false });
  }

  forget(id) {
    const line = this.lines.get(id)?.line;
    if (line) this.arrows.removeLayer(line);
    this.shownArrows.delete(line);
    for (const [key, marker] of this.drawn) {
      if (marker === this.markers.get(id)?.marker) {
        this.points.removeLayer(marker);
        this.drawn.delete(key);
      }
    }
    for (const cache of [this.spots, this.markers, this.lines]) cache.delete(id);
  }

  // The picked deal is drawn on its own, out of any cluster, and brought into view.
  pick(id) {
    this.picked = id;
    const deal = id ? this.deals.find((d) => d.id === id && d.geometry) : null;
    const where = deal ? L.latLng(latLng(deal.geometry)) : null;
    if (where && !this.map.getBounds().contains(where)) this.map.setView(where, Math.max(this.map.getZoom(), 7));
    else this.draw();
  }

  // Only the markers that change are taken off or put on.
  draw() {
    const wanted = this.wanted();
    for (const [key, marker] of this.drawn) {
      if (wanted.get(key) === marker) continue;
      this.points.removeLayer(marker);
      this.drawn.delete(key);
    }
    for (const [key, marker] of wanted) {
      if (this.drawn.has(key)) continue;
      this.points.addLayer(marker);
      this.drawn.set(key, marker);
    }
    for (const node of this.map.getPane("markerPane").querySelectorAll(".deal-marker.picked")) node.classList.remove("picked");
    this.markers.get(this.picked)?.marker.getElement()?.classList.add("picked");
  }

  // Marker by key: a single deal where it lies (or spread out), or a cluster by its place and size.
  wanted() {
    const zoom = this.map.getZoom();
    const wanted = new Map();
    for (const cell of this.cells(zoom)) {
      if (cell.deals.length === 1) {
        const deal = cell.deals[0];
        const type = colourType(deal, this.typeFilter);
        wanted.set(`d ${deal.id} ${type}`, this.marker(deal, type, latLng(deal.geometry)));
        continue;
      }
      const key = `c ${zoom} ${Math.round(cell.x)} ${Math.round(cell.y)} ${cell.deals.length}`;
      wanted.set(key, this.drawn.get(key) || this.cluster(cell, zoom));
    }
    this.spreadOut(zoom, wanted);
    return wanted;
  }

  // The deals in view, grouped by grid square; a square half in view counts whole. The picked deal and
  // those spread out stay apart.
  cells(zoom) {
    const scale = 2 ** zoom;
    const view = this.map.getPixelBounds();
    const [left, top] = [Math.floor(view.min.x / CELL) - 1, Math.floor(view.min.y / CELL) - 1];
    const [right, bottom] = [Math.floor(view.max.x / CELL) + 1, Math.floor(view.max.y / CELL) + 1];
    const cells = new Map();
    for (const deal of this.deals) {
      if (!deal.geometry || this.spread?.ids.has(deal.id)) continue;
      const [x0, y0] = this.spot(deal);
      const [x, y] = [x0 * scale, y0 * scale];
      const [column, row] = [Math.floor(x / CELL), Math.floor(y / CELL)];
      if (column < left || column > right || row < top || row > bottom) continue;
      const key = deal.id === this.picked ? deal.id : column * 1048576 + row;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { column, row, x: 0, y: 0, deals: [], alone: key === deal.id }));
      cell.x += x;
      cell.y += y;
      cell.deals.push(deal);
    }
    for (const cell of cells.values()) [cell.x, cell.y] = [cell.x / cell.deals.length, cell.y / cell.deals.length];
    return merged(cells);
  }

  // Where a deal's marker lies, in pixels at zoom 0 (a zoom's pixels are these times 2^zoom).
  spot(deal) {
    let spot = this.spots.get(deal.id);
    if (!spot) {
      const point = this.map.project(latLng(deal.geometry), 0);
      spot = [point.x, point.y];
      this.spots.set(deal.id, spot);
    }
    return spot;
  }

  cluster(cell, zoom) {
    const count = cell.deals.length;
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    const icon = L.divIcon({
      className: `marker-cluster marker-cluster-${size}`,
      iconSize: [40, 40],
      html: el("div", {}, el("span", {}, String(count))),
    });
    const where = this.map.unproject([cell.x, cell.y], zoom);
    const marker = L.marker(where, { icon, keyboard: false, title: `${count} deals: click to see them` });
    return marker.on("click", () => this.open(cell.deals, where));
  }

  // Zoom to a cluster's deals; where zooming cannot part them, spread them around their place instead.
  open(deals, where) {
    const bounds = L.latLngBounds(deals.map((d) => latLng(d.geometry)));
    const zoom = Math.min(this.map.getBoundsZoom(bounds, false, L.point(80, 80)), this.map.getMaxZoom());
    if (zoom > this.map.getZoom() && !bounds.getNorthEast().equals(bounds.getSouthWest())) {
      this.map.fitBounds(bounds, { padding: [40, 40] });
      return;
    }
    this.spread = { ids: new Set(deals.map((d) => d.id)), where };
    this.draw();
  }

  // The spread deals on a sunflower around their cluster's place: evenly apart however many they are.
  spreadOut(zoom, wanted) {
    if (!this.spread) return;
    const centre = this.map.project(this.spread.where, zoom);
    let number = 0;
    for (const deal of this.deals) {
      if (!this.spread.ids.has(deal.id) || !deal.geometry) continue;
      const [turn, reach] = [number * 2.39996, SPREAD * Math.sqrt(number + 0.5)];
      const where = this.map.unproject([centre.x + reach * Math.cos(turn), centre.y + reach * Math.sin(turn)], zoom);
      const type = colourType(deal, this.typeFilter);
      wanted.set(`s ${deal.id} ${type} ${number}`, this.marker(deal, type, where));
      number += 1;
    }
  }

  marker(deal, type, where) {
    let known = this.markers.get(deal.id);
    if (!known || known.type !== type) {
      known = { marker: this.newMarker(deal, type), type };
      this.markers.set(deal.id, known);
    }
    if (!known.marker.getLatLng().equals(where)) known.marker.setLatLng(where);
    return known.marker;
  }

  newMarker(deal, type) {
    const marker = L.marker(latLng(deal.geometry), { icon: this.icon(type, deal.status), keyboard: false });
    marker.bindTooltip(() => summary(deal), { direction: "top", offset: [0, -6] });
    marker.on("click", () => this.onPick(deal.id));
    marker.on("add", () => {
      marker.getElement().dataset.deal = deal.id;
    });
    return marker;
  }

  icon(type, status) {
    const key = `${type} ${status}`;
    if (!this.icons.has(key)) {
      this.icons.set(key, L.divIcon({ className: `deal-marker t-${type} s-${status}`, iconSize: [14, 14], html: "" }));
    }
    return this.icons.get(key);
  }

  // Hiding an arrow costs far less than taking it off the map and putting it back; it is recoloured by type
  // where that changed.
  showArrows() {
    const shown = new Set();
    for (const deal of this.deals) {
      if (deal.geometry && deal.geometry.type === "LineString") shown.add(this.arrow(deal, colourType(deal, this.typeFilter)));
    }
    for (const line of this.shownArrows) if (!shown.has(line)) line.getElement().style.display = "none";
    for (const line of shown) if (!this.shownArrows.has(line)) line.getElement().style.display = "";
    this.shownArrows = shown;
  }

  arrow(deal, type) {
    let known = this.lines.get(deal.id);
    if (!known) {
      const ends = deal.geometry.coordinates.map(([lon, lat]) => L.latLng(lat, lon));
      const options = { weight: 2.5, opacity: SHADE[deal.status] ?? 1, className: "deal-arrow" };
      if (deal.status === "collapsed" || deal.status === "rejected") options.dashArray = "6 5";
      const line = L.polyline(this.withHead(ends), options).on("click", () => this.onPick(deal.id));
      line.bindTooltip(() => summary(deal), { sticky: true });
      this.arrows.addLayer(line);
      line.getElement().style.display = "none";
      known = { line, ends };
      this.lines.set(deal.id, known);
    }
    if (known.line.options.color !== typeColor(type)) known.line.setStyle({ color: typeColor(type) });
    return known.line;
  }

  // The line and its head, the two sides of a V at the destination, as one path: an SVG marker per arrow
  // would cost a paint of its own. The head is sized in pixels, so a new zoom draws it again.
  withHead([from, to]) {
    const zoom = this.map.getZoom();
    const [start, end] = [this.map.project(from, zoom), this.map.project(to, zoom)];
    const length = start.distanceTo(end);
    if (!length) return [[from, to]];
    const [dx, dy] = [(start.x - end.x) / length, (start.y - end.y) / length];
    const side = (turn) => this.map.unproject([
      end.x + HEAD * (dx * Math.cos(turn) - dy * Math.sin(turn)),
      end.y + HEAD * (dx * Math.sin(turn) + dy * Math.cos(turn)),
    ], zoom);
    return [[from, to], [side(HEAD_ANGLE), to, side(-HEAD_ANGLE)]];
  }

  pointArrows() {
    for (const { line, ends } of this.lines.values()) line.setLatLngs(this.withHead(ends));
  }
}

// Squares would cut a cluster in two along their edges: the larger clusters take in the neighbours whose
// centre lies closer than a square's side.
function merged(cells) {
  const order = [...cells.values()].sort((a, b) => b.deals.length - a.deals.length);
  for (const cell of order) {
    if (cell.gone || cell.alone) continue;
    for (const [dx, dy] of NEIGHBOURS) {
      const other = cells.get((cell.column + dx) * 1048576 + cell.row + dy);
      if (!other || other.gone || Math.hypot(other.x - cell.x, other.y - cell.y) >= CELL) continue;
      const [n, m] = [cell.deals.length, other.deals.length];
      cell.x = (cell.x * n + other.x * m) / (n + m);
      cell.y = (cell.y * n + other.y * m) / (n + m);
      cell.deals.push(...other.deals);
      other.gone = true;
    }
  }
  return order.filter((cell) => !cell.gone);
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
