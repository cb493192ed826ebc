// Wires the page: loads every deal once, filters them in the browser (the free-text search asks the
// server), and keeps map, timeline, list and address in step. The address holds filters and the view.
//
// Filters apply as they are typed: a pass over 10,000 deals and the redraw take a few milliseconds, so
// keys that come faster than that are coalesced into one redraw rather than held back by a timer.

import { getJSON } from "./api.js";
import { renderArticle } from "./article.js";
import { renderDeal } from "./deal.js";
import { el, fill } from "./dom.js";
import { NAMES, matches, prepare, readForm, summaryOf, writeForm } from "./filters.js";
import { newestFirst, renderList } from "./list.js";
import { DealMap } from "./map.js";
import { STATUSES, TYPES, label } from "./style.js";
import { Timeline } from "./timeline.js";

const VIEW = ["deal", "doc", "start", "end"];
const form = document.getElementById("filters");
const panel = document.getElementById("panel");
const state = { deals: [], byId: new Map(), visible: [], text: { query: "", ids: null, pending: null }, drawn: "", version: 0 };
const map = new DealMap("map", (id) => navigate({ deal: id, doc: null }));
const timeline = new Timeline(document.getElementById("timeline-canvas"), (since, until) => {
  form.elements.namedItem("since").value = since;
  form.elements.namedItem("until").value = until;
  filtersChanged();
});

function params() {
  return new URLSearchParams(location.hash.slice(1));
}

// Change the address; a new view is a history step, a new filter is not.
function navigate(changes, step = true) {
  if (addressing) writeFilters();
  const next = params();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "" || value === false || value === undefined) next.delete(key);
    else next.set(key, value === true ? "1" : value);
  }
  const hash = `#${next}`;
  if (step) location.hash = hash;
  else history.replaceState(null, "", hash);
}

// The ids the server finds for the search: one request at a time, a newer query cancelling an older one.
function searchIds(query) {
  const text = state.text;
  if (query === text.query) return Promise.resolve();
  if (text.pending && text.pending.query === query) return text.pending.done;
  text.pending?.abort.abort();
  text.pending = null;
  if (!query) return Promise.resolve(Object.assign(text, { query, ids: null }));
  const abort = new AbortController();
  const done = getJSON("/api/deal-ids", { q: query, include_rejected: true }, abort.signal).then(
    (found) => Object.assign(text, { query, ids: new Set(found.ids) }),
    (error) => { if (!abort.signal.aborted) throw error; },
  ).finally(() => { if (text.pending?.abort === abort) text.pending = null; });
  text.pending = { query, abort, done };
  return done;
}

async function applyFilters() {
  await searchIds(readForm(form).q);
  // Read again: the form may have changed while the server searched, and then a newer call draws.
  const filters = readForm(form);
  if (filters.q !== state.text.query) return;
  const drawn = JSON.stringify([filters, state.text.query, state.version]);
  if (drawn === state.drawn) return;
  state.drawn = drawn;
  state.visible = state.deals.filter((deal) => matches(deal, filters, state.text.ids));
  map.show(state.visible, filters.type);
  timeline.draw(state.visible, filters);
  const located = state.visible.filter((d) => d.geometry).length;
  document.getElementById("count").textContent =
    `${state.visible.length} of ${state.deals.length} deals (${located} on the map)`;
  if (!params().has("deal") && !params().has("doc")) renderList(panel, state.visible, openDeal);
}

// One redraw for however many changes came before it could run.
let scheduled = false;
let addressing = null;
function filtersChanged(typed = false) {
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      applyFilters();
    });
  }
  // Once the new state is painted: the address is not what the user waits for.
  clearTimeout(addressing);
  addressing = setTimeout(writeFilters, typed ? 400 : 100);
}

// Typed filters reach the address once typing pauses: browsers throttle address changes made per key.
function writeFilters() {
  clearTimeout(addressing);
  addressing = null;
  const filters = readForm(form);
  const next = params();
  for (const name of NAMES) {
    if (filters[name]) next.set(name, filters[name] === true ? "1" : filters[name]);
    else next.delete(name);
  }
  history.replaceState(null, "", `#${next}`);
}

function openDeal(id) {
  navigate({ deal: id, doc: null, start: null, end: null });
}

async function showView() {
  const p = params();
  try {
    if (p.has("doc")) await showArticle(p);
    else if (p.has("deal")) await showDeal(p.get("deal"));
    else {
      renderList(panel, state.visible, openDeal);
      map.pick(null);
    }
  } catch (error) {
    fill(panel, el("button", { type: "button", class: "back", onclick: () => navigate(clearView()) }, "← Deals"),
      el("p", { class: "message error" }, String(error.message)));
  }
}

function clearView() {
  return Object.fromEntries(VIEW.map((key) => [key, null]));
}

async function showDeal(id, message) {
  const deal = await getJSON(`/api/deals/${encodeURIComponent(id)}`);
  renderDeal(panel, deal, {
    back: () => navigate(clearView()),
    openPassage: (e) => navigate({ deal: deal.id, doc: e.doc, start: e.start, end: e.end }),
    saved: (saved) => dealSaved(saved),
  });
  if (message) {
    const note = document.getElementById("review-message");
    note.className = "message ok";
    note.textContent = message;
  }
  map.pick(id);
}

async function dealSaved(detail) {
  const summary = summaryOf(detail);
  const index = state.deals.findIndex((d) => d.id === detail.id);
  if (index >= 0) state.deals[index] = summary;
  state.deals.sort(newestFirst);
  timeline.domain(state.deals);
  state.byId.set(detail.id, summary);
  map.forget(detail.id);
  state.version += 1;
  await applyFilters();
  await showDeal(detail.id, "Saved. The review is kept apart from what was extracted and outlives re-ingesting.");
}

async function showArticle(p) {
  const doc = await getJSON(`/api/documents/${encodeURIComponent(p.get("doc"))}`);
  const chosen = { deal: p.get("deal"), start: Number(p.get("start")), end: Number(p.get("end")) };
  renderArticle(panel, doc, chosen, {
    back: () => navigate({ doc: null, start: null, end: null }),
    openDeal,
  });
}

function fillChoices() {
  form.elements.namedItem("type").append(...TYPES.map((t) => el("option", { value: t }, label(t))));
  form.elements.namedItem("status").append(...STATUSES.map((s) => el("option", { value: s }, s)));
  const names = [...new Set(state.deals.flatMap((d) => d.actors.map((a) => a.name)))].sort();
  document.getElementById("actor-names").replaceChildren(...names.map((n) => el("option", { value: n })));
}

async function start() {
  const basemap = map.basemap("/static/vendor/world-atlas/countries-50m.json");
  const collection = await getJSON("/api/deals.geojson", { summary: true, include_rejected: true });
  state.deals = collection.features.map(prepare).sort(newestFirst);
  for (const deal of state.deals) state.byId.set(deal.id, deal);
  fillChoices();
  writeForm(form, Object.fromEntries(NAMES.map((name) => [name, params().get(name) || ""])));
  timeline.domain(state.deals);
  // Framed before the first drawing, so that markers and arrows are placed once, at the zoom they keep.
  await searchIds(readForm(form).q);
  const kept = state.deals.filter((deal) => matches(deal, readForm(form), state.text.ids));
  map.fit(kept.length ? kept : state.deals);
  await applyFilters();
  await showView();
  await basemap;
  document.body.dataset.ready = "true";
}

form.addEventListener("input", (event) => {
  if (event.target.type === "text" || event.target.type === "search") filtersChanged(true);
});
form.addEventListener("change", () => filtersChanged());
form.addEventListener("submit", (event) => event.preventDefault());
form.addEventListener("reset", () => setTimeout(filtersChanged));
window.addEventListener("hashchange", async () => {
  writeForm(form, Object.fromEntries(NAMES.map((name) => [name, params().get(name) || ""])));
  await applyFilters();
  await showView();
});
start().catch((error) => {
  document.getElementById("count").textContent = `Could not load the deals: ${error.message}`;
});
