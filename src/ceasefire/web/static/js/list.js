// The deals the filters keep, a page at a time; they come sorted newest first (see newestFirst).

import { el, fill } from "./dom.js";
import { dateText, label, placeText } from "./style.js";

const PAGE = 200;

export function renderList(panel, deals, onPick) {
  const list = el("ul", { class: "deal-list" });
  let shown = 0;
  const more = el("button", { type: "button", class: "more" });
  const grow = () => {
    list.append(...deals.slice(shown, shown + PAGE).map((deal) => row(deal, onPick)));
    shown = Math.min(deals.length, shown + PAGE);
    more.textContent = `Show more (${deals.length - shown} left)`;
    more.hidden = shown >= deals.length;
  };
  more.addEventListener("click", grow);
  grow();
  const empty = deals.length ? null : el("p", {}, "No deal matches these filters.");
  fill(panel, el("h2", {}, "Deals"), empty, list, more);
}

export function newestFirst(a, b) {
  if (a.start === b.start) return a.id < b.id ? -1 : 1;
  if (!a.start) return 1;
  if (!b.start) return -1;
  return a.start < b.start ? 1 : -1;
}

function row(deal, onPick) {
  const who = deal.actors.map((a) => a.name).join(", ");
  const button = el("button", { type: "button", "data-deal": deal.id, onclick: () => onPick(deal.id) },
    el("span", { class: `swatch t-${deal.types[0]} s-${deal.status}` }), " ",
    el("span", { class: "when" }, dateText(deal.date) || "undated"),
    el("strong", {}, deal.types.map(label).join(", ")), " ", placeText(deal),
    el("span", { class: "badge" }, deal.status),
    deal.review ? el("span", { class: "badge review" }, deal.review) : null,
    who ? el("span", { class: "who" }, who) : null);
  return el("li", {}, button);
}
