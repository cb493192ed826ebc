// Loaded by bench/page.py into the page before its own scripts: times, with the page's own clock, the way
// from an input event to the frame painted after the last change that it caused.
//
// Input: the last keydown, input, change, mouse or click event since arm(). Change: any DOM mutation
// under the watched node. Busy: the main thread missing a 20 ms heartbeat by more than 30 ms (a long task,
// such as the marker clusters being built), or a fetch in flight. The state has settled once nothing
// changed and nothing was busy for `quiet` ms; its time is the paint after the last change.
(() => {
  const probe = { watched: null, observer: null, input: null, changed: null, painted: null, busy: 0, fetching: 0 };

  const stamp = (event) => {
    const now = performance.now();
    // Trusted input carries the time it happened, queueing included; fall back where it is missing.
    return event.timeStamp > 0 && event.timeStamp <= now && now - event.timeStamp < 10000 ? event.timeStamp : now;
  };
  for (const type of ["keydown", "input", "change", "mousedown", "mouseup", "click", "dblclick"]) {
    addEventListener(type, (event) => { if (probe.watched) probe.input = stamp(event); }, true);
  }

  const changed = () => {
    const now = performance.now();
    probe.changed = now;
    requestAnimationFrame(() => setTimeout(() => { if (probe.changed === now) probe.painted = performance.now(); }));
  };

  let beat = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - beat > 50) probe.busy = now;
    beat = now;
  }, 20);

  const fetchFirst = window.fetch.bind(window);
  window.fetch = async (...args) => {
    probe.fetching += 1;
    try {
      return await fetchFirst(...args);
    } finally {
      probe.fetching -= 1;
      probe.busy = performance.now();
    }
  };

  window.__probe = {
    // Watch `selector` from now on; "html" watches everything (the first load is watched from the start).
    arm(selector) {
      probe.observer?.disconnect();
      Object.assign(probe, { watched: selector, input: null, changed: null, painted: null });
      probe.observer = new MutationObserver(changed);
      probe.observer.observe(document.querySelector(selector), { subtree: true, childList: true, attributes: true, characterData: true });
    },
    settled(quiet) {
      const now = performance.now();
      const last = Math.max(probe.changed ?? 0, probe.busy);
      return probe.changed !== null && probe.painted !== null && probe.painted >= probe.changed &&
        probe.fetching === 0 && now - last > quiet && (probe.input === null || probe.changed >= probe.input);
    },
    figures() {
      return { input: probe.input, changed: probe.changed, painted: probe.painted };
    },
    // The filters as the form holds them, by name.
    form(names) {
      return Object.fromEntries(names.map((name) => [name, document.getElementById(`f-${name}`).value.trim()]));
    },
    // The map's markers in the DOM: clusters (and the deals they hold) and single deals.
    markers() {
      const pane = document.querySelector(".leaflet-marker-pane");
      const groups = [...pane.querySelectorAll(".marker-cluster")];
      const located = document.getElementById("count").textContent.match(/\((\d+) on the map/);
      return {
        clusters: groups.length,
        held: groups.reduce((n, group) => n + Number(group.textContent), 0),
        single: pane.querySelectorAll(".deal-marker").length,
        located: located ? Number(located[1]) : 0,
      };
    },
    // When the deals arrived (ms after navigation) and their size on the wire.
    loaded() {
      const entry = performance.getEntriesByType("resource").find((e) => e.name.includes("deals.geojson"));
      return [entry.responseEnd, entry.encodedBodySize];
    },
  };
  document.addEventListener("DOMContentLoaded", () => window.__probe.arm("html"));
})();
