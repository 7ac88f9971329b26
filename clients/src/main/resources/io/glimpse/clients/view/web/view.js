// Glimpse live view: renders the JSON snapshots that /events pushes (at most a few per second).
// Read-only: the page only GETs /events and /frame/<camera>.
'use strict';
(function () {
  const tiles = new Map();
  const stageSelect = document.getElementById('stage');
  const status = document.getElementById('status');
  let last = null;

  // Same arithmetic as OverlayGeometry.java: edges rounded down from exact fractions, so patches tile the image.
  function patchRect(id, rows, cols, w, h) {
    const row = Math.floor(id / cols), col = id % cols;
    const x0 = Math.floor(col * w / cols), x1 = Math.floor((col + 1) * w / cols);
    const y0 = Math.floor(row * h / rows), y1 = Math.floor((row + 1) * h / rows);
    return [x0, y0, x1 - x0, y1 - y0];
  }

  function hue(text) {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 360;
    return h;
  }

  function tileFor(cam) {
    let t = tiles.get(cam.streamId);
    if (t) return t;
    const el = document.createElement('article');
    el.className = 'tile';
    el.dataset.camera = cam.streamId;
    el.innerHTML = '<h2><span class="name"></span><small class="seq"></small></h2>' +
      '<div class="frame"><img alt=""><canvas class="overlay"></canvas><div class="nopic">no picture</div></div>' +
      '<div class="label"><span class="top"></span> <span class="conf"></span></div>' +
      '<div class="meta"></div><div class="history"></div>';
    el.querySelector('.name').textContent = cam.streamId;
    const sorted = [...tiles.keys(), cam.streamId].sort();
    const next = sorted[sorted.indexOf(cam.streamId) + 1];
    document.getElementById('tiles').insertBefore(el, next ? tiles.get(next).el : null);
    t = { el, img: el.querySelector('img'), canvas: el.querySelector('canvas'), nopic: el.querySelector('.nopic'),
          seq: -1, overlayKey: '' };
    tiles.set(cam.streamId, t);
    return t;
  }

  function drawOverlay(t, cam) {
    const stage = Number(stageSelect.value);
    const kept = cam.stages.find(s => s.stage === stage);
    const key = cam.sequence + '/' + stage + '/' + cam.hasImage;
    if (key === t.overlayKey) return;
    t.overlayKey = key;
    const c = t.canvas, w = cam.width || cam.cols * cam.patchSize, h = cam.height || cam.rows * cam.patchSize;
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const g = c.getContext('2d');
    g.clearRect(0, 0, w, h);
    c.dataset.stage = String(stage);
    c.dataset.kept = kept ? String(kept.patchIds.length) : '0';
    c.dataset.grid = cam.rows + 'x' + cam.cols;
    if (!kept) return;
    g.fillStyle = 'rgba(10, 12, 16, 0.62)';   // pruned patches dimmed, kept ones clear
    g.fillRect(0, 0, w, h);
    g.strokeStyle = 'rgba(95, 211, 141, 0.55)';
    g.lineWidth = Math.max(1, w / 256);
    for (const id of kept.patchIds) {
      const [x, y, rw, rh] = patchRect(id, cam.rows, cam.cols, w, h);
      g.clearRect(x, y, rw, rh);
      g.strokeRect(x + 0.5, y + 0.5, rw - 1, rh - 1);
    }
  }

  // Offers every stage the results have; selects the deepest one until the user picks another.
  let stagePicked = false;
  stageSelect.addEventListener('input', () => { stagePicked = true; });
  function offerStages(cam) {
    for (const s of cam.stages) {
      if (![...stageSelect.options].some(o => Number(o.value) === s.stage)) {
        const o = document.createElement('option');
        o.value = String(s.stage); o.textContent = String(s.stage);
        stageSelect.appendChild(o);
      }
    }
    const deepest = Math.max(0, ...cam.stages.map(s => s.stage));
    if (!stagePicked && Number(stageSelect.value) < deepest) stageSelect.value = String(deepest);
  }

  function renderTile(cam) {
    offerStages(cam);
    const t = tileFor(cam);
    if (cam.sequence !== t.seq) {
      t.seq = cam.sequence;
      t.el.dataset.seq = String(cam.sequence);
      if (cam.hasImage) {
        t.img.src = '/frame/' + encodeURIComponent(cam.streamId) + '?seq=' + cam.sequence;
      }
      const top = cam.labels[0] || { name: '?', probability: 0 };
      t.el.querySelector('.seq').textContent = '#' + cam.sequence;
      t.el.querySelector('.top').textContent = top.name;
      t.el.dataset.label = top.name;
      t.el.querySelector('.conf').textContent = (100 * top.probability).toFixed(0) + ' %';
      t.el.querySelector('.meta').textContent = 'ρ ' + cam.keepRatio.toFixed(2) + ' · ' + cam.modelVersion +
        ' · ' + cam.latencyMillis + ' ms';
      const strip = t.el.querySelector('.history');
      strip.replaceChildren(...cam.history.map(hst => {
        const s = document.createElement('span');
        s.style.background = 'hsl(' + hue(hst.label) + ',60%,' + (30 + 30 * hst.probability) + '%)';
        s.title = '#' + hst.sequence + ' ' + hst.label + ' ' + (100 * hst.probability).toFixed(0) + ' %';
        return s;
      }));
    }
    t.el.dataset.hasImage = String(cam.hasImage);
    t.img.hidden = !cam.hasImage;
    t.nopic.hidden = cam.hasImage;
    drawOverlay(t, cam);
  }

  // A small hand-drawn line chart: series of [time, value] points, optional dashed limit line, event markers.
  function chart(id, snap, lines, opts) {
    const c = document.getElementById(id);
    const dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth || c.width, h = c.clientHeight || c.height;
    if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const t1 = snap.time, t0 = t1 - snap.windowSeconds * 1000;
    let max = opts.min || 1;
    for (const l of lines) for (const p of l.points) if (p[1] > max) max = p[1];
    if (opts.limit) max = Math.max(max, opts.limit * 1.15);
    max *= 1.08;
    const pad = 28, x = t => pad + (w - pad - 4) * (t - t0) / (t1 - t0), y = v => h - 14 - (h - 20) * v / max;
    g.fillStyle = '#5b6370'; g.font = '10px sans-serif';
    g.fillText(opts.format ? opts.format(max) : String(Math.round(max)), 2, 12);
    g.fillText('0', 2, h - 14);
    g.fillText('-' + Math.round(snap.windowSeconds / 60 * 10) / 10 + ' min', pad, h - 2);
    for (const e of snap.events) {
      g.strokeStyle = e.kind === 'model' ? '#c49bff' : '#f0a35b';
      g.beginPath(); g.moveTo(x(e.time), 4); g.lineTo(x(e.time), h - 14); g.stroke();
    }
    if (opts.limit) {
      g.strokeStyle = '#e05d5d'; g.setLineDash([4, 3]);
      g.beginPath(); g.moveTo(pad, y(opts.limit)); g.lineTo(w - 4, y(opts.limit)); g.stroke();
      g.setLineDash([]);
    }
    let drawn = 0;
    for (const l of lines) {
      g.strokeStyle = l.color; g.lineWidth = 1.5; g.beginPath();
      let open = false;
      for (const p of l.points) {
        if (p[1] === null || p[1] === undefined) { open = false; continue; }
        if (open) g.lineTo(x(p[0]), y(p[1])); else g.moveTo(x(p[0]), y(p[1]));
        open = true; drawn++;
      }
      g.stroke();
    }
    c.dataset.points = String(drawn);
  }

  const reasonColors = ['#e05d5d', '#f0a35b', '#e8d25d', '#5dc8e0', '#c49bff', '#ff7eb6', '#9be05d', '#aaaaaa'];
  function renderCharts(snap) {
    const s = snap.series;
    chart('chart-rate', snap, [{ color: '#5fd38d', points: s.map(p => [p.time, p.results]) }], {});
    chart('chart-latency', snap, [
      { color: '#5da9e0', points: s.map(p => [p.time, p.p50]) },
      { color: '#e0b05d', points: s.map(p => [p.time, p.p99]) }], { limit: snap.sloMillis });
    chart('chart-rho', snap, [{ color: '#f0a35b', points: s.map(p => [p.time, p.rho]) }],
      { min: 1, format: v => v.toFixed(2) });
    const reasons = [...new Set(s.flatMap(p => Object.keys(p.deadLetters)))].sort();
    chart('chart-dlq', snap, reasons.map((r, i) => ({
      color: reasonColors[i % reasonColors.length], points: s.map(p => [p.time, p.deadLetters[r] || 0]) })), {});
    document.getElementById('dlq-legend').replaceChildren(...reasons.map((r, i) => {
      const e = document.createElement('span');
      e.style.color = reasonColors[i % reasonColors.length];
      e.textContent = r;
      return e;
    }));
    const list = document.getElementById('events');
    list.replaceChildren(...snap.events.slice(-30).reverse().map(e => {
      const li = document.createElement('li');
      li.className = e.kind;
      li.textContent = new Date(e.time).toLocaleTimeString() + ' ' + e.streamId + ': ' +
        (e.kind === 'model' ? 'model ' : 'ρ ') + e.from + ' → ' + e.to;
      return li;
    }));
  }

  function render(snap) {
    last = snap;
    for (const cam of snap.cameras) renderTile(cam);
    renderCharts(snap);
    const tt = snap.totals;
    document.getElementById('totals').textContent = snap.cameras.length + ' cameras · ' + tt.frames + ' frames · ' +
      tt.results + ' results · ' + tt.deadLetters + ' dead letters' + (tt.lag === null ? '' : ' · lag ' + tt.lag);
    document.body.dataset.results = String(tt.results);
  }

  stageSelect.addEventListener('change', () => { if (last) for (const cam of last.cameras) drawOverlay(tileFor(cam), cam); });
  // ?updates=N (for headless browsers, whose virtual time waits for open connections): the page reads
  // one stream of N updates and then stops, keeping what it showed.
  const updates = new URLSearchParams(location.search).get('updates');
  const events = new EventSource('/events' + (updates ? '?updates=' + encodeURIComponent(updates) : ''));
  events.onopen = () => { status.textContent = 'live'; status.dataset.state = 'live'; };
  events.onerror = () => {
    if (updates) { events.close(); status.textContent = 'stopped after ' + updates + ' updates'; status.dataset.state = 'ended'; return; }
    status.textContent = 'reconnecting…'; status.dataset.state = 'lost';
  };
  events.onmessage = m => render(JSON.parse(m.data));
})();
