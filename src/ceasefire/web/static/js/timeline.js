// Deals per month as stacked bars by type; dragging across it sets the date filter.

import { TYPES, typeColor } from "./style.js";

const AXIS = 16;

function monthOf(iso) {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

function isoMonth(month, last) {
  const year = Math.floor(month / 12);
  const m = (month % 12) + 1;
  const day = last ? new Date(Date.UTC(year, m, 0)).getUTCDate() : 1;
  return `${year}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export class Timeline {
  constructor(canvas, onRange) {
    this.canvas = canvas;
    this.onRange = onRange;
    this.first = 0;
    this.last = 0;
    this.drag = null;
    canvas.addEventListener("mousedown", (e) => { this.drag = { from: this.monthAt(e), to: this.monthAt(e) }; });
    canvas.addEventListener("mousemove", (e) => {
      if (!this.drag) return;
      this.drag.to = this.monthAt(e);
      this.draw(this.deals, this.range);
    });
    window.addEventListener("mouseup", () => this.release());
    canvas.addEventListener("dblclick", () => this.onRange("", ""));
    // The size comes from here, so that drawing after the map and list changed forces no layout.
    new ResizeObserver(([entry]) => {
      this.size = entry.contentRect;
      this.draw(this.deals, this.range);
    }).observe(canvas);
  }

  domain(deals) {
    this.all = deals;
    const months = deals.filter((d) => d.start).map((d) => monthOf(d.start));
    this.first = months.length ? Math.min(...months) : 0;
    this.last = months.length ? Math.max(...months) : 0;
    // Every deal per month, drawn behind the filtered ones; counted once, not on every redraw.
    this.context = this.stack(deals).map((bar) => bar.reduce((a, b) => a + b, 0));
  }

  release() {
    if (!this.drag) return;
    const [a, b] = [this.drag.from, this.drag.to].sort((x, y) => x - y);
    this.drag = null;
    this.onRange(isoMonth(a, false), isoMonth(b, true));
  }

  monthAt(event) {
    const box = this.canvas.getBoundingClientRect();
    const share = (event.clientX - box.left) / box.width;
    return Math.max(this.first, Math.min(this.last, this.first + Math.floor(share * (this.last - this.first + 1))));
  }

  draw(deals = [], range = {}) {
    this.deals = deals;
    this.range = range;
    const { ctx, width, height } = this.surface();
    const span = this.last - this.first + 1;
    if (!this.all || !this.first) return;
    const bars = this.stack(deals);
    const context = this.context;
    const peak = Math.max(1, ...context);
    const step = width / span;
    const scale = (height - AXIS - 4) / peak;
    // Every deal in grey behind the filtered ones, so that what a filter leaves out stays in view.
    ctx.fillStyle = "#e3e6e9";
    context.forEach((n, i) => ctx.fillRect(i * step, height - AXIS - n * scale, Math.max(1, step - 1), n * scale));
    bars.forEach((bar, i) => {
      let y = height - AXIS;
      bar.forEach((n, t) => {
        if (!n) return;
        ctx.fillStyle = typeColor(TYPES[t]);
        ctx.fillRect(i * step, y - n * scale, Math.max(1, step - 1), n * scale);
        y -= n * scale;
      });
    });
    this.axis(ctx, width, height, step);
    this.shade(ctx, width, height, step);
  }

  // The canvas at the size it is shown; resized (which clears and reallocates it) only when that changes.
  // Its font is set then too: setting a font makes the browser work out the page's styles first.
  surface() {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = this.size || { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
    if (this.canvas.width !== Math.floor(width * ratio) || this.canvas.height !== Math.floor(height * ratio)) {
      this.canvas.width = width * ratio;
      this.canvas.height = height * ratio;
      this.canvas.getContext("2d").font = "11px system-ui, sans-serif";
    }
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return { ctx, width, height };
  }

  stack(deals) {
    const bars = Array.from({ length: this.last - this.first + 1 }, () => TYPES.map(() => 0));
    for (const deal of deals) {
      if (!deal.start) continue;
      bars[monthOf(deal.start) - this.first][Math.max(0, TYPES.indexOf(deal.types[0]))] += 1;
    }
    return bars;
  }

  axis(ctx, width, height, step) {
    ctx.fillStyle = "#5c6670";
    ctx.fillRect(0, height - AXIS, width, 1);
    const every = Math.max(1, Math.ceil(40 / (step * 12)));
    for (let m = this.first; m <= this.last; m++) {
      if (m % 12 !== 0 && m !== this.first) continue;
      const year = Math.floor(m / 12);
      if (year % every === 0) ctx.fillText(String(year), (m - this.first) * step + 2, height - 3);
    }
  }

  // The chosen dates (or the drag in progress) stand out; the rest is dimmed.
  shade(ctx, width, height, step) {
    let from = null;
    let to = null;
    if (this.drag) [from, to] = [this.drag.from, this.drag.to].sort((x, y) => x - y);
    else if (this.range.since || this.range.until) {
      from = this.range.since ? monthOf(this.range.since) : this.first;
      to = this.range.until ? monthOf(this.range.until) : this.last;
    }
    if (from === null) return;
    ctx.fillStyle = "rgba(255,255,255,0.65)";
    ctx.fillRect(0, 0, Math.max(0, (from - this.first) * step), height - AXIS);
    ctx.fillRect((to - this.first + 1) * step, 0, width, height - AXIS);
  }
}
