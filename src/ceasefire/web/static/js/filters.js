// The filters, read from the form and the address, and applied to the deals the page holds.

import { fold } from "./dom.js";

export const NAMES = ["type", "status", "actor", "place", "since", "until", "q", "rejected"];

export function readForm(form) {
  const data = new FormData(form);
  const filters = {};
  for (const name of NAMES) filters[name] = name === "rejected" ? data.has(name) : (data.get(name) || "").trim();
  return filters;
}

export function writeForm(form, filters) {
  for (const name of NAMES) {
    const field = form.elements.namedItem(name);
    if (name === "rejected") field.checked = Boolean(filters.rejected);
    else field.value = filters[name] || "";
  }
}

// A map feature's properties, with the keys that filters compare, worked out once. The properties
// object itself is kept and added to: a copy of 10,000 would only give the garbage collector work.
export function prepare(feature) {
  const p = feature.properties;
  const places = [p.location, p.origin, p.destination].filter(Boolean);
  return Object.assign(p, {
    geometry: feature.geometry,
    start: p.date ? p.date.start : null,
    end: p.date ? p.date.end : null,
    placeKey: places.map(fold).join("\n"),
    actorKeys: new Set(p.actors.map((a) => fold(a.name))),
  });
}

// The same tests the API's filters make, so the page and /api/deals agree on what a filter keeps.
export function matches(deal, f, textIds) {
  if (f.type && !deal.types.includes(f.type)) return false;
  if (f.status && deal.status !== f.status) return false;
  if (f.actor && !deal.actorKeys.has(fold(f.actor))) return false;
  if (f.place && !deal.placeKey.includes(fold(f.place))) return false;
  if (f.since && !(deal.end && deal.end >= f.since)) return false;
  if (f.until && !(deal.start && deal.start <= f.until)) return false;
  if (!f.rejected && deal.review === "rejected") return false;
  return !textIds || textIds.has(deal.id);
}

// A deal as the API's detail gives it, reduced to what the map and the filters hold.
export function summaryOf(detail) {
  const name = (p) => (p ? p.name : null);
  const where = detail.location || detail.origin || detail.destination;
  let geometry = where ? { type: "Point", coordinates: [where.lon, where.lat] } : null;
  if (detail.origin && detail.destination) {
    const ends = [detail.origin, detail.destination].map((p) => [p.lon, p.lat]);
    geometry = { type: "LineString", coordinates: ends };
  }
  const properties = {
    id: detail.id, types: detail.types, status: detail.status, date: detail.date, review: detail.review,
    location: name(detail.location), origin: name(detail.origin), destination: name(detail.destination),
    actors: detail.actors,
  };
  return prepare({ geometry, properties });
}
