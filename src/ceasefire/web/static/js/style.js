// Names and colours shared by the map, the timeline, the list and the legend; colours live in app.css.

export const TYPES = ["ceasefire", "evacuation", "reconciliation", "surrender", "prisoner_exchange",
  "humanitarian_access", "political_process"];
export const STATUSES = ["proposed", "negotiating", "agreed", "implemented", "rejected", "collapsed"];
export const FIELDS = ["types", "status", "actors", "location", "origin", "destination", "counts", "date", "terms"];

const colours = new Map();

export function typeColor(type) {
  if (!colours.has(type)) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(`--t-${type}`).trim();
    colours.set(type, value || "#888");
  }
  return colours.get(type);
}

export function label(name) {
  return String(name).replaceAll("_", " ");
}

export function dateText(date) {
  if (!date) return "";
  const cut = { day: 10, month: 7, year: 4 }[date.precision] || 10;
  const start = date.start.slice(0, cut);
  const end = (date.end || date.start).slice(0, cut);
  return start === end ? start : `${start} to ${end}`;
}

export function placeText(deal) {
  if (deal.origin && deal.destination) return `${name(deal.origin)} → ${name(deal.destination)}`;
  return name(deal.location || deal.origin || deal.destination || "");
}

function name(place) {
  return typeof place === "string" ? place : place.name;
}
