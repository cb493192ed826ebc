// One deal: every field with the passage it was read from, who is credited, its timeline,
// contradictions, known agreements, the history of reviews, and the review form.

import { el, fill } from "./dom.js";
import { send } from "./api.js";
import { FIELDS, STATUSES, dateText, label, placeText } from "./style.js";

export function renderDeal(panel, deal, actions) {
  fill(panel, 
    el("button", { type: "button", class: "back", onclick: actions.back }, "← Deals"),
    el("h2", { id: "deal-title" }, el("span", { class: `swatch t-${deal.types[0]} s-${deal.status}` }), " ",
      deal.types.map(label).join(", "), " ", placeText(deal)),
    el("p", { class: "meta" }, `deal ${deal.id}`, el("span", { class: "badge", id: "deal-status" }, deal.status),
      deal.review ? el("span", { class: "badge review" }, deal.review) : null),
    fieldTable(deal, actions),
    section("Evidence", deal.evidence.map((e, i) => passage(e, i, actions))),
    section("Status over time", deal.timeline.length ? timeline(deal, actions) : null),
    section("Contradictions", deal.contradictions.map(contradiction)),
    section("Known agreements", deal.links.map(link)),
    section("Reviews", deal.corrections.map(correction)),
    reviewForm(deal, actions),
  );
}

function section(title, content) {
  const empty = !content || (Array.isArray(content) && !content.length);
  return empty ? null : el("section", {}, el("h3", {}, title), content);
}

const VALUE = {
  types: (d) => d.types.map(label).join(", "),
  status: (d) => d.status,
  actors: (d) => d.actors.map((a) => `${a.name} (${a.role})`).join("; "),
  location: (d) => place(d.location),
  origin: (d) => place(d.origin),
  destination: (d) => place(d.destination),
  counts: (d) => d.counts.map((c) => `${c.min === c.max ? c.min : `${c.min}–${c.max}`} ${c.unit}`).join("; "),
  date: (d) => (d.date ? `${dateText(d.date)} (${d.date.precision})` : ""),
  terms: (d) => d.terms.join("; "),
};

function place(p) {
  return p ? `${p.name} (${p.country}, ${p.level || "locality"}; ${p.lat}, ${p.lon})` : "";
}

function fieldTable(deal, actions) {
  const rows = FIELDS.map((field) => el("tr", { "data-field": field },
    el("th", {}, field), el("td", { class: "value" }, VALUE[field](deal) || "—"), el("td", {}, source(deal, field, actions))));
  return el("table", { class: "fields" }, el("tbody", {}, rows));
}

// Where a field's value came from: a person's correction, a passage (with who is credited), or a note.
function source(deal, field, actions) {
  if (deal.corrected.includes(field)) return el("span", { class: "corrected" }, "corrected by a person");
  const where = deal.provenance[field];
  const index = /^\d+$/.test(where || "") ? Number(where) : -1;
  const evidence = deal.evidence[index];
  if (!evidence) return el("span", { class: "meta" }, where || "");
  const cut = evidence.text.length > 90 ? `${evidence.text.slice(0, 90)}…` : evidence.text;
  return el("button", { type: "button", class: "passage", onclick: () => actions.openPassage(evidence) },
    `[${index + 1}] ${cut}`, el("div", { class: "meta" }, credit(evidence)));
}

function credit(evidence) {
  return evidence.source ? `credited to ${evidence.source}` : "no source credited";
}

function passage(evidence, index, actions) {
  return el("button", { type: "button", class: "passage", "data-doc": evidence.doc, onclick: () => actions.openPassage(evidence) },
    `[${index + 1}] `, evidence.text,
    el("div", { class: "meta" }, `${evidence.doc} · ${evidence.start}–${evidence.end} · ${credit(evidence)}`));
}

function timeline(deal, actions) {
  const rows = deal.timeline.map((entry) => el("tr", {},
    el("td", {}, dateText(entry.date) || "undated"), el("td", {}, entry.status),
    el("td", {}, el("button", { type: "button", class: "passage", onclick: () => actions.openPassage(entry.evidence) },
      entry.evidence.text || entry.doc, el("div", { class: "meta" }, [entry.outlet, entry.doc, credit(entry.evidence)].filter(Boolean).join(" · "))))));
  return el("table", {}, el("tbody", {}, rows));
}

function contradiction(c) {
  return el("div", {}, el("strong", {}, c.field), el("ul", {}, c.claims.map((claim) => el("li", {}, claim.value,
    el("span", { class: "meta" }, ` — ${[claim.outlet, claim.doc, claim.source && `credited to ${claim.source}`].filter(Boolean).join(", ")}`)))));
}

function link(l) {
  return el("div", {}, `${l.dataset} ${l.ref_id}: `, l.title, el("span", { class: "meta" }, ` (match ${Number(l.score).toFixed(2)})`));
}

function correction(c) {
  const what = c.field ? `${c.action} ${c.field}${c.value !== null ? ` = ${JSON.stringify(c.value)}` : ""}` : c.action;
  return el("div", {}, el("span", { class: "meta" }, `${(c.at || "").slice(0, 16).replace("T", " ")} ${c.author || ""} `),
    what, c.comment ? el("div", { class: "meta" }, c.comment) : null);
}

function reviewForm(deal, actions) {
  const token = el("input", { type: "password", id: "review-token", autocomplete: "off", placeholder: "operator's token",
    value: sessionStorage.getItem("ceasefire-token") || "" });
  const message = el("p", { class: "message", id: "review-message", role: "status" });
  const comment = el("input", { id: "review-comment", placeholder: "why (kept with the review)" });
  const author = el("input", { id: "review-author", placeholder: "your name", value: localStorage.getItem("ceasefire-author") || "" });
  const field = el("select", { id: "correct-field" }, FIELDS.map((f) => el("option", { value: f }, f)));
  const status = el("select", { id: "correct-status" }, STATUSES.map((s) => el("option", { value: s }, s)));
  const value = el("textarea", { id: "correct-value", rows: 3, "aria-label": "new value as JSON" });
  const showValue = () => {
    status.hidden = field.value !== "status";
    value.hidden = field.value === "status";
    status.value = deal.status;
    value.value = JSON.stringify(deal[field.value] ?? null);
  };
  field.addEventListener("change", showValue);
  showValue();
  const submit = async (body) => {
    sessionStorage.setItem("ceasefire-token", token.value);
    localStorage.setItem("ceasefire-author", author.value);
    message.className = "message";
    message.textContent = "Saving…";
    try {
      const saved = await send("PATCH", `/api/deals/${encodeURIComponent(deal.id)}`,
        { ...body, comment: comment.value || null, author: author.value || null }, token.value);
      actions.saved(saved);
    } catch (error) {
      message.className = "message error";
      message.textContent = String(error.message);
    }
  };
  const corrected = () => {
    if (field.value === "status") return submit({ action: "correct", field: "status", value: status.value });
    try {
      return submit({ action: "correct", field: field.value, value: JSON.parse(value.value) });
    } catch {
      message.className = "message error";
      message.textContent = "The new value must be JSON, as an export writes it.";
    }
  };
  return el("section", { class: "review" }, el("h3", {}, "Review"),
    el("div", { class: "row" }, el("label", {}, "Token ", token), el("label", {}, "Name ", author)),
    el("div", { class: "row" }, comment),
    el("div", { class: "row" },
      el("button", { type: "button", id: "review-confirm", onclick: () => submit({ action: "confirm" }) }, "Confirm deal"),
      el("button", { type: "button", id: "review-reject", onclick: () => submit({ action: "reject" }) }, "Reject deal")),
    el("div", { class: "row" }, "Correct ", field, status, value),
    el("div", { class: "row" },
      el("button", { type: "button", id: "correct-save", onclick: corrected }, "Save correction"),
      el("button", { type: "button", id: "correct-clear", onclick: () => submit({ action: "reject", field: field.value }) }, "Clear this field")),
    message);
}
