// Wires the page: loads every deal once, filters them in the browser (the free-text search asks the
// server), and keeps map, timeline, list and address in step. The address holds filters and the view.

import { getJSON } from "./api.js";
import { renderArticle } from "./article.js";
import { renderDeal } from "./deal.js";
import { el, fill } from "./dom.js";
import { NAMES, matches, prepare, readForm, summaryOf, writeForm } from "./filters.js";
import { renderList } from "./list.js";
import { DealMap } from "./map.js";
import { STATUSES, TYPES, label } from "./style.js";
import { Timeline } from "./timeline.js";

const VIEW = ["deal", "doc", "start", "end"];
const form = document.getElementById("filters");
const panel = document.getElementById("panel");
const state = { deals: [], byId: new Map(), visible: [], text: { query: "", ids: null, asked: 0 }, drawn: "", version: 0 };
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
  const next = params();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "" || value === false || value === undefined) next.delete(key);
    else next.set(key, value === true ? "1" : value);
  }
  const hash = `#${next}`;
  if (step) location.hash = hash;
  else history.replaceState(null, "", hash);
}

async function searchIds(query) {
  if (query === state.text.query) return;
  const asked = ++state.text.asked;
  const ids = query ? new Set((await getJSON("/api/deal-ids", { q: query, include_rejected: true })).ids) : null;
  if (asked === state.text.asked) Object.assign(state.text, { query, ids });
}

async function applyFilters() {
  const filters = readForm(form);
  await searchIds(filters.q);
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

// Choices apply at once; typed text waits for a pause, so that each keystroke does not redraw the map.
let typing = null;
function filtersChanged(wait = 0) {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const filters = readForm(form);
    navigate(Object.fromEntries(NAMES.map((name) => [name, filters[name]])), false);
    applyFilters();
  }, wait);
}

function openDeal(id) {
  navigate({ deal: id, doc: null, start: null, end: null });
}

async function showView() {
  const p = params();
  try {
    if (p.has("doc")) await showArticle(p);
    else if (p.has("deal")) await showDeal(p.get("deal"));
    else renderList(panel, state.visible, openDeal);
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
  state.deals = collection.features.map(prepare);
  for (const deal of state.deals) state.byId.set(deal.id, deal);
  fillChoices();
  writeForm(form, Object.fromEntries(NAMES.map((name) => [name, params().get(name) || ""])));
  timeline.domain(state.deals);
  await applyFilters();
  map.fit(state.visible.length ? state.visible : state.deals);
  await showView();
  await basemap;
  document.body.dataset.ready = "true";
}

form.addEventListener("input", (event) => {
  if (event.target.type === "text" || event.target.type === "search") filtersChanged(150);
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
