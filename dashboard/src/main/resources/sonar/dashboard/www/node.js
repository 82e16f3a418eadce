// One host's load over time (or a subcluster's week), from its load reports: CPU, memory, GPU and GPU
// memory in percent of the host's, with the periods the host or its GPUs were down shaded; and the host's
// CPU hogs and zombies.
'use strict';

const PERIODS = [
  ['minutely', 'Day, per sample'], ['daily', 'Day'], ['weekly', 'Week'], ['monthly', 'Month'], ['quarterly', 'Quarter'],
];

const SERIES = [
  ['rcpu', 'CPU %', '#2563eb'], ['rmem', 'RAM %', '#16a34a'], ['rgpu', 'GPU %', '#ea580c'], ['rgpumem', 'VRAM %', '#9333ea'],
];

const DOWN = [['downhost', 'host down', 'rgba(220, 38, 38, 0.16)'], ['downgpu', 'GPU down', 'rgba(234, 179, 8, 0.22)']];

/** Checks a load report's shape; returns it. */
function expectLoad(data, file) {
  if (!data || typeof data !== 'object' || !Array.isArray(data.labels) || !Array.isArray(data.rcpu)
    || !Array.isArray(data.rmem)) {
    throw new Dash.Problem(`${file} is not a load report: it lacks "labels", "rcpu" or "rmem".`);
  }
  for (const key of ['rcpu', 'rmem', 'rgpu', 'rgpumem', 'downhost', 'downgpu']) {
    if (data[key] !== undefined && (!Array.isArray(data[key]) || data[key].length !== data.labels.length)) {
      throw new Dash.Problem(`${file}: "${key}" does not have one value per label.`);
    }
  }
  data.labels.forEach((label, i) => {
    if (isNaN(Dash.parseUtc(label))) {
      throw new Dash.Problem(`${file}: label ${i + 1} ("${label}") is not a time.`);
    }
  });
  return data;
}

/** The description as lines "2x text" (a subcluster's descriptions are joined by |||). */
function describe(system) {
  if (!system || typeof system.description !== 'string' || !system.description) {
    return '';
  }
  const counts = new Map();
  for (const part of system.description.split('|||')) {
    counts.set(part, (counts.get(part) || 0) + 1);
  }
  return [...counts].map(([text, n]) => `<li>${n > 1 ? `${n}× ` : ''}${Dash.esc(text)}</li>`).join('');
}

/** Shades the slots where a down series is 1, each reaching to the next label, behind the lines. */
function shadeDown(report, times) {
  return u => {
    const ctx = u.ctx;
    const {top, height} = u.bbox;
    for (const [key, , colour] of DOWN) {
      const marks = report[key];
      if (!marks) {
        continue;
      }
      ctx.save();
      ctx.fillStyle = colour;
      for (let i = 0; i < marks.length; i++) {
        if (marks[i] !== 1) {
          continue;
        }
        let j = i;
        while (j + 1 < marks.length && marks[j + 1] === 1) {
          j++;
        }
        const end = j + 1 < times.length ? times[j + 1] : times[j];
        const left = u.valToPos(times[i], 'x', true);
        const right = u.valToPos(end, 'x', true);
        ctx.fillRect(left, top, Math.max(right - left, 2 * devicePixelRatio), height);
        i = j;
      }
      ctx.restore();
    }
  };
}

function chart(report, element) {
  const times = report.labels.map(label => Dash.parseUtc(label) / 1000);
  const present = SERIES.filter(([key]) => Array.isArray(report[key]));
  let peak = 100;
  for (const [key] of present) {
    for (const value of report[key]) {
      if (typeof value === 'number' && value > peak && key !== 'rgpu') {
        peak = value;
      }
    }
  }
  const data = [times, ...present.map(([key]) => report[key].map(value =>
    typeof value !== 'number' ? null : key === 'rgpu' ? Math.min(value, 100) : value))];
  const width = Math.max(280, element.clientWidth);
  const two = n => String(n).padStart(2, '0');
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  // Ticks in the 24-hour clock: a day's start as its date, other ticks as the time.
  const tick = ts => {
    const d = new Date(ts * 1000);
    return d.getUTCHours() === 0 && d.getUTCMinutes() === 0
      ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`
      : `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  };
  const stamp = ts => {
    const d = new Date(ts * 1000);
    return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:`
      + two(d.getUTCMinutes());
  };
  const narrow = width < 520;
  const options = {
    width,
    height: Math.round(Math.min(420, Math.max(220, width * 0.45))),
    // Ticks fall on UTC hours and days, whatever the browser's time zone, as the reports' times are UTC.
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {y: {range: [0, Math.floor((peak + 10) / 10) * 10]}},
    series: [{label: 'UTC', value: (u, ts) => ts == null ? '–' : stamp(ts)}, ...present.map(([, label, colour]) => ({
      label, stroke: colour, width: 1.5, points: {show: times.length < 60}, value: (u, v) => v == null ? '–' : `${v}`,
    }))],
    axes: [{values: (u, splits) => splits.map(tick), space: narrow ? 50 : 70},
      narrow ? {size: 36} : {label: '% of the host', size: 56}],
    hooks: {drawClear: [shadeDown(report, times)]},
    legend: {live: true},
  };
  const plot = new uPlot(options, data, element);
  window.dashboardCharts = (window.dashboardCharts || []).concat(plot);
  // Resized in the next frame, not in the observer's callback, which would be a resize loop.
  new ResizeObserver(() => requestAnimationFrame(() => {
    const next = Math.max(280, element.clientWidth);
    if (Math.abs(next - plot.width) > 4) {
      plot.setSize({width: next, height: Math.round(Math.min(420, Math.max(220, next * 0.45)))});
    }
  })).observe(element);
  return plot;
}

/** A secondary table of the host's jobs: a problem with it is said in its place, not for the whole page. */
async function hostJobs(cluster, file, kind, what, host) {
  try {
    const {data} = await Dash.report(cluster, file, kind, what);
    const rows = Dash.expectRows(data, file, ['hostname', 'id', 'user']).filter(row => row.hostname === host);
    if (!rows.length) {
      return `<p class="empty">None in the last four weeks.</p>`;
    }
    rows.sort((a, b) => Dash.compare(b['last-seen'], a['last-seen']));
    const head = ['Job', 'User', 'Command', 'Started on or before', 'Last seen'].concat(kind === 'cpuhogs'
      ? ['Peak cores', 'CPU % avg/peak', 'RAM % avg/peak'] : []);
    return '<div class="table-wrap"><table><thead><tr>' + head.map(h => `<th>${h}</th>`).join('') + '</tr></thead><tbody>'
      + rows.map(row => '<tr>' + [row.id, row.user, row.cmd, row['started-on-or-before'], row['last-seen']]
        .map(v => `<td>${Dash.esc(v)}</td>`).join('')
        + (kind === 'cpuhogs' ? `<td class="num">${Dash.esc(row['cpu-peak'])}</td>`
          + `<td class="num">${Dash.esc(row['rcpu-avg'])} / ${Dash.esc(row['rcpu-peak'])}</td>`
          + `<td class="num">${Dash.esc(row['rmem-avg'])} / ${Dash.esc(row['rmem-peak'])}</td>` : '')
        + '</tr>').join('') + '</tbody></table></div>';
  } catch (e) {
    if (e instanceof Dash.Problem) {
      return `<p class="notice">${Dash.esc(e.message)}</p>`;
    }
    throw e;
  }
}

Dash.page(async main => {
  const cluster = Dash.requireParam('cluster');
  const host = Dash.param('host');
  const subcluster = Dash.param('subcluster');
  if (!host && !subcluster) {
    throw new Dash.Problem('This page needs ?host=... or ?subcluster=... in its address.');
  }
  Dash.nav(cluster, subcluster ? 'overview' : 'nodes');
  const index = await Dash.index(cluster);
  let name, available, fileOf;
  if (subcluster) {
    const entry = index.subclusters.find(sub => sub.name === subcluster);
    if (!entry) {
      throw new Dash.Problem(`Cluster ${cluster} has no weekly report of subcluster ${subcluster}: webload-1h.sh makes `
        + 'one every hour for each subcluster named in SUBCLUSTERS of the cluster\'s analysis.conf.');
    }
    name = subcluster;
    available = ['weekly'];
    fileOf = () => entry.file;
  } else {
    name = host;
    available = PERIODS.map(([period]) => period).filter(period => (index.loads[period] || []).includes(host));
    if (!available.length) {
      throw new Dash.Problem(`Cluster ${cluster} has no load reports of host ${host}: webload-5m.sh, webload-1h.sh `
        + 'and webload-24h.sh make them for every host that sent data.');
    }
    fileOf = period => `${host}-${period}.json`;
  }
  const asked = Dash.param('period');
  const period = available.includes(asked) ? asked : available[0];
  const file = fileOf(period);
  const [{data, modified, now}, hogs, zombies] = await Promise.all([
    Dash.report(cluster, file, period, `${period} load report`),
    host ? hostJobs(cluster, index.reports.cpuhogs, 'cpuhogs', 'CPU-hog report', host) : '',
    host ? hostJobs(cluster, index.reports.zombies, 'zombies', 'zombie report', host) : '',
  ]);
  const report = expectLoad(data, file);
  const tabs = PERIODS.filter(([p]) => available.includes(p)).map(([p, label]) =>
    `<a href="${Dash.esc(Dash.link('node.html', {cluster, host, subcluster, period: p}))}"`
    + `${p === period ? ' class="active" aria-current="page"' : ''}>${label}</a>`).join('');
  const legend = DOWN.filter(([key]) => Array.isArray(report[key]))
    .map(([key, label]) => `<span class="swatch ${key}"></span>${label}`).join(' ');
  const systemName = report.system && report.system.hostname && report.system.hostname !== name
    ? ` <span class="tag">${Dash.esc(report.system.hostname)}</span>` : '';
  const content = Dash.fragment(`
    <div class="heading">
      <h1>${Dash.esc(name)}${systemName}</h1>
      <p class="meta">${Dash.freshness(period, modified, now)}</p>
    </div>
    <ul class="description">${describe(report.system)}</ul>
    <nav class="tabs" aria-label="period">${tabs}</nav>
    <section class="card chart-card">
      <div id="chart" class="chart"></div>
      <p class="chart-note">Times in UTC; percent of the host's cores, memory, GPUs and GPU memory.
        ${legend ? `Shaded: ${legend}.` : ''}</p>
    </section>
    ${host ? `<h2 id="cpuhogs">CPU hogs on ${Dash.esc(host)}</h2>${hogs}
    <h2 id="zombies">Zombies on ${Dash.esc(host)}</h2>${zombies}` : ''}`);
  if (!report.labels.length) {
    const note = document.createElement('p');
    note.className = 'notice';
    note.textContent = 'This report has no points: nothing was heard from the host in its period.';
    content.getElementById('chart').replaceWith(note);
    return content;
  }
  return {content, after: () => chart(report, document.getElementById('chart'))};
});
