// An article as stored, with the evidence passages of its deals marked; the chosen one stands out.

import { el, fill, safeHref } from "./dom.js";

export function renderArticle(panel, doc, chosen, actions) {
  const href = doc.url ? safeHref(doc.url) : null;
  const meta = [doc.outlet, doc.published, `document ${doc.id}`].filter(Boolean).join(" · ");
  const body = el("div", { class: "article-text", id: "article-text" }, ...segments(doc, chosen, actions));
  fill(panel, 
    el("button", { type: "button", class: "back", onclick: actions.back }, chosen.deal ? "← Back to the deal" : "← Deals"),
    el("h2", { id: "article-title" }, doc.title || doc.id),
    el("p", { class: "meta" }, meta),
    href ? el("p", { class: "meta" }, el("a", { href, rel: "noopener noreferrer", target: "_blank" }, href)) : null,
    body,
  );
  body.querySelector("mark.current")?.scrollIntoView({ block: "center" });
}

// Text between span edges becomes plain text or a <mark>, never markup: the article is data.
function segments(doc, chosen, actions) {
  const edges = new Set([0, doc.text.length]);
  for (const span of doc.spans) edges.add(span.start).add(span.end);
  const cuts = [...edges].filter((n) => n >= 0 && n <= doc.text.length).sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const text = doc.text.slice(start, end);
    const covering = doc.spans.filter((s) => s.start <= start && s.end >= end);
    parts.push(covering.length ? mark(text, covering, start, end, chosen, actions) : text);
  }
  return parts;
}

function mark(text, covering, start, end, chosen, actions) {
  const current = Number.isInteger(chosen.start) && chosen.start <= start && chosen.end >= end;
  const ours = covering.find((s) => s.deal === chosen.deal);
  const kind = current ? "current" : ours ? "same-deal" : "other";
  const span = ours || covering[0];
  const credit = span.source ? `credited to ${span.source}` : "no source credited";
  const fields = span.fields.length ? ` · read for ${span.fields.join(", ")}` : "";
  const node = el("mark", { class: kind, title: `deal ${span.deal} · ${credit}${fields}`, "data-deal": span.deal }, text);
  if (kind === "other") node.addEventListener("click", () => actions.openDeal(span.deal));
  return node;
}
