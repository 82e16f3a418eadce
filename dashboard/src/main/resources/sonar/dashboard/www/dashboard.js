// What every page of the dashboard shares: reading the server's JSON, the navigation, tables that sort,
// and showing a problem instead of half a page. Each page's own script calls Dash.page(render) once.
'use strict';

const Dash = (() => {
  const params = new URLSearchParams(location.search);

  /** A problem for the reader: its message is shown as it is, and the page shows nothing else. */
  class Problem extends Error {}

  /** Which script makes which report, and how often: said when a report is missing or old. */
  const MAKERS = {
    overview: {script: 'webload-5m.sh', every: 'every five minutes', staleMinutes: 15},
    hostnames: {script: 'webload-5m.sh', every: 'every five minutes', staleMinutes: 15},
    minutely: {script: 'webload-5m.sh', every: 'every five minutes', staleMinutes: 15},
    daily: {script: 'webload-1h.sh', every: 'every hour', staleMinutes: 130},
    weekly: {script: 'webload-1h.sh', every: 'every hour', staleMinutes: 130},
    monthly: {script: 'webload-24h.sh', every: 'every day', staleMinutes: 26 * 60},
    quarterly: {script: 'webload-24h.sh', every: 'every day', staleMinutes: 26 * 60},
    cpuhogs: {script: 'cpuhog-report.sh', every: 'at 00:03 and 12:03', staleMinutes: 13 * 60},
    zombies: {script: 'deadweight-report.sh', every: 'at 00:03 and 12:03', staleMinutes: 13 * 60},
  };

  const ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

  function esc(value) {
    return String(value ?? '').replace(/[&<>"']/g, c => ESCAPES[c]);
  }

  function param(name) {
    return params.get(name);
  }

  function requireParam(name) {
    const value = params.get(name);
    if (!value) {
      throw new Problem(`This page needs ?${name}=... in its address.`);
    }
    return value;
  }

  /** A link to a page of the dashboard with these parameters (empty ones left out). */
  function link(page, query) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null && value !== '') {
        search.set(key, value);
      }
    }
    const text = search.toString();
    return text ? `${page}?${text}` : page;
  }

  function dateHeader(response, name) {
    const value = response.headers.get(name);
    return value ? new Date(value) : null;
  }

  /** GET of JSON from the server: {data, modified, now}, or a Problem saying why not. */
  async function getJson(url, what) {
    let response;
    try {
      response = await fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
    } catch (e) {
      throw new Problem(`Cannot reach the server for ${what}: ${e.message}.`);
    }
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      body = undefined;
    }
    if (!response.ok) {
      const reason = body && typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
      const problem = new Problem(`Cannot show ${what}: ${reason}.`);
      problem.status = response.status;
      throw problem;
    }
    if (body === undefined) {
      throw new Problem(`Cannot show ${what}: the server's answer is not JSON.`);
    }
    return {data: body, modified: dateHeader(response, 'Last-Modified'), now: dateHeader(response, 'Date') || new Date()};
  }

  function dataPath(cluster, file) {
    return `data/${encodeURIComponent(cluster)}/${file ? encodeURIComponent(file) : ''}`;
  }

  async function clusters() {
    const {data} = await getJson('data/clusters.json', 'the list of clusters');
    if (!data || !Array.isArray(data.clusters)) {
      throw new Problem('The list of clusters from the server has no "clusters".');
    }
    return data.clusters;
  }

  /** What reports a cluster has: {prefix, reports: {overview, hostnames, cpuhogs, zombies}, loads, subclusters}. */
  async function index(cluster) {
    const {data} = await getJson(dataPath(cluster), `the reports of cluster ${cluster}`);
    if (!data || typeof data.reports !== 'object' || typeof data.loads !== 'object' || !Array.isArray(data.subclusters)) {
      throw new Problem(`The list of reports of cluster ${cluster} from the server is incomplete.`);
    }
    return data;
  }

  function maker(kind) {
    const made = MAKERS[kind];
    return made ? `${made.script} makes it ${made.every}` : '';
  }

  /** A report the index names; a missing one is a Problem that says which script makes it. */
  async function report(cluster, file, kind, what) {
    if (!file) {
      throw new Problem(`Cluster ${cluster} has no ${what} yet: ${maker(kind)}.`);
    }
    try {
      return await getJson(dataPath(cluster, file), `the ${what} of cluster ${cluster} (${file})`);
    } catch (e) {
      if (e instanceof Problem && e.status === 404) {
        throw new Problem(`Cluster ${cluster} has no ${what} (${file}) yet: ${maker(kind)}.`);
      }
      throw e;
    }
  }

  /** Checks that a report is an array of objects with the given string keys; a Problem names the first fault. */
  function expectRows(data, file, keys) {
    if (!Array.isArray(data)) {
      throw new Problem(`${file} is not a list of rows as expected.`);
    }
    data.forEach((row, i) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) {
        throw new Problem(`${file}: row ${i + 1} is not an object.`);
      }
      for (const key of keys) {
        if (typeof row[key] !== 'string' && typeof row[key] !== 'number') {
          throw new Problem(`${file}: row ${i + 1} has no "${key}".`);
        }
      }
    });
    return data;
  }

  /** "updated 3 min ago", and a warning when the report is older than its script's cadence allows. */
  function freshness(kind, modified, now) {
    if (!modified) {
      return '';
    }
    const minutes = Math.max(0, Math.round((now - modified) / 60000));
    const ago = minutes < 1 ? 'just now' : minutes < 120 ? `${minutes} min ago`
      : minutes < 48 * 60 ? `${Math.round(minutes / 60)} hours ago` : `${Math.round(minutes / 1440)} days ago`;
    const made = MAKERS[kind];
    const stale = made && minutes > made.staleMinutes;
    const title = `written ${modified.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
    return `<span class="freshness${stale ? ' stale' : ''}" title="${esc(title)}">updated ${ago}`
      + (stale ? ` &mdash; older than expected: is ${esc(made.script)} running?` : '') + '</span>';
  }

  /** The navigation bar: all clusters, and the pages of the current one. */
  function nav(cluster, active) {
    const items = [['clusters', 'Clusters', 'index.html']];
    if (cluster) {
      items.push(
        ['overview', 'Overview', link('cluster.html', {cluster})],
        ['nodes', 'Nodes', link('nodes.html', {cluster})],
        ['cpuhogs', 'CPU hogs', link('cpuhogs.html', {cluster})],
        ['zombies', 'Zombies', link('zombies.html', {cluster})]);
    }
    const links = items.map(([key, label, href]) =>
      `<a href="${esc(href)}"${key === active ? ' class="active" aria-current="page"' : ''}>${esc(label)}</a>`).join('');
    document.getElementById('nav').innerHTML =
      (cluster ? `<span class="cluster-name">${esc(cluster)}</span>` : '') + links;
  }

  function number(value) {
    return typeof value === 'number' && isFinite(value) ? value : null;
  }

  /** The numbers of a cluster at a glance, from its overview rows. */
  function summarize(rows) {
    let down = 0, busy = 0, jobs = 0, hogs = 0, zombies = 0, cpu = 0, cpuCount = 0;
    for (const row of rows) {
      if (number(row.cpu_status) || number(row.gpu_status)) {
        down++;
      }
      if (number(row.jobs_recent)) {
        busy++;
        jobs += row.jobs_recent;
      }
      hogs += number(row.violators_long) || 0;
      zombies += number(row.zombies_long) || 0;
      if (number(row.cpu_recent) !== null) {
        cpu += row.cpu_recent;
        cpuCount++;
      }
    }
    return {hosts: rows.length, down, busy, jobs, hogs, zombies, cpu: cpuCount ? Math.round(cpu / cpuCount) : null};
  }

  /** The tiles of a summary. */
  function tiles(summary, cluster) {
    const tile = (label, value, cls, href) => {
      const inner = `<span class="value">${esc(value ?? '–')}</span><span class="label">${esc(label)}</span>`;
      return href ? `<a class="tile ${cls}" href="${esc(href)}">${inner}</a>` : `<div class="tile ${cls}">${inner}</div>`;
    };
    return '<div class="tiles">'
      + tile('hosts', summary.hosts, '', cluster && link('nodes.html', {cluster}))
      + tile('down', summary.down, summary.down ? 'bad' : 'good')
      + tile('busy hosts', summary.busy, '')
      + tile('jobs, 30 min', summary.jobs, '')
      + tile('mean CPU %, 30 min', summary.cpu, heat(summary.cpu))
      + tile('CPU hogs, 24 h', summary.hogs, summary.hogs ? 'warn' : 'good', cluster && link('cpuhogs.html', {cluster}))
      + tile('zombies, 24 h', summary.zombies, summary.zombies ? 'warn' : 'good', cluster && link('zombies.html', {cluster}))
      + '</div>';
  }

  /** The shade of a load figure in percent: at 25, 50 and 75 and over. */
  function heat(value) {
    return value >= 75 ? 'l75' : value >= 50 ? 'l50' : value >= 25 ? 'l25' : '';
  }

  const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

  function compare(a, b) {
    const aMissing = a === undefined || a === null || a === '';
    const bMissing = b === undefined || b === null || b === '';
    if (aMissing || bMissing) {
      return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
    }
    if (typeof a === 'number' && typeof b === 'number') {
      return a - b;
    }
    return collator.compare(String(a), String(b));
  }

  /**
   * A table that sorts when a column's header is clicked. columns: {key, label, title, value(row) for
   * sorting, html(row) for the cell (else the escaped value), cls(row), numeric}. options: {sort: [key,
   * descending], rowClass(row), groups: [[label, span]...], id, then(key, descending) after a sort}.
   */
  function table(columns, rows, options) {
    const opts = options || {};
    let [sortKey, descending] = opts.sort || [columns[0].key, false];
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    const valueOf = (column, row) => column.value ? column.value(row) : row[column.key];
    const groups = opts.groups
      ? '<tr class="groups">' + opts.groups.map(([label, span]) =>
        `<th colspan="${span}"${label ? ' class="group"' : ''}>${esc(label)}</th>`).join('') + '</tr>'
      : '';
    const head = () => groups + '<tr>' + columns.map(column => {
      const sorted = column.key === sortKey ? (descending ? ' sorted desc' : ' sorted asc') : '';
      return `<th class="${column.numeric ? 'num' : ''}${sorted}" data-key="${esc(column.key)}"`
        + (column.title ? ` title="${esc(column.title)}"` : '') + ` scope="col">${esc(column.label)}</th>`;
    }).join('') + '</tr>';
    const body = () => {
      const column = columns.find(c => c.key === sortKey) || columns[0];
      const ordered = rows.slice().sort((a, b) => {
        const order = compare(valueOf(column, a), valueOf(column, b));
        return descending ? -order : order;
      });
      return ordered.map(row => `<tr${opts.rowClass ? ` class="${opts.rowClass(row)}"` : ''}>` + columns.map(c => {
        const cls = [c.numeric ? 'num' : '', c.cls ? c.cls(row) : ''].filter(Boolean).join(' ');
        const content = c.html ? c.html(row) : esc(valueOf(c, row));
        return `<td${cls ? ` class="${cls}"` : ''}>${content}</td>`;
      }).join('') + '</tr>').join('');
    };
    const render = () => {
      wrap.innerHTML = `<table${opts.id ? ` id="${esc(opts.id)}"` : ''}><thead>${head()}</thead><tbody>${body()}</tbody></table>`;
    };
    render();
    wrap.addEventListener('click', event => {
      const th = event.target.closest('th[data-key]');
      if (!th) {
        return;
      }
      const key = th.dataset.key;
      descending = key === sortKey ? !descending : columns.find(c => c.key === key).numeric === true;
      sortKey = key;
      render();
      if (opts.then) {
        opts.then(sortKey, descending);
      }
    });
    return wrap;
  }

  /** Replaces the page's content with a problem, and nothing else: no half page, no stack trace. */
  function showProblem(error) {
    const message = error instanceof Problem ? error.message : `The page failed: ${error && error.message || error}.`;
    document.getElementById('main').innerHTML =
      `<section class="problem" role="alert"><h2>Cannot show this page</h2><p>${esc(message)}</p></section>`;
    document.body.dataset.state = 'error';
  }

  /**
   * Runs a page: render() returns the content (a node or HTML) and may return {content, after}, after()
   * being run once the content is in place (to draw charts). Until then the page says it is loading;
   * if anything fails, the page shows only the problem.
   */
  async function page(render) {
    const main = document.getElementById('main');
    try {
      const made = await render(main);
      const {content, after} = made && made.content !== undefined ? made : {content: made, after: null};
      if (typeof content === 'string') {
        main.innerHTML = content;
      } else {
        main.replaceChildren(content);
      }
      if (after) {
        after();
      }
      document.body.dataset.state = 'ready';
      performance.mark('dashboard-rendered');
    } catch (e) {
      showProblem(e);
    }
  }

  // A failure while the page is made leaves the problem instead of half a page; one after it is made (in a
  // click, say) is the console's, and the page stays.
  const whileLoading = error => {
    if (document.body.dataset.state === 'loading') {
      showProblem(error);
    }
  };
  window.addEventListener('error', event => whileLoading(event.error || new Error(event.message)));
  window.addEventListener('unhandledrejection', event => whileLoading(event.reason));

  /** A fragment from HTML, with elements to put in its empty slots (<div data-slot="name">). */
  function fragment(html, slots) {
    const holder = document.createElement('div');
    holder.innerHTML = html;
    for (const [name, node] of Object.entries(slots || {})) {
      holder.querySelector(`[data-slot="${name}"]`).replaceWith(node);
    }
    const made = document.createDocumentFragment();
    made.append(...holder.childNodes);
    return made;
  }

  /** "2024-01-10 08:40" (UTC, as the reports write times) to milliseconds; NaN when it is not one. */
  function parseUtc(text) {
    const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)$/.exec(String(text));
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) : NaN;
  }

  /** The auto-reload of a page every five minutes, with its checkbox remembered in this browser. */
  function autoReload(box) {
    const key = 'sonar-dashboard-reload';
    box.checked = localStorage.getItem(key) !== 'off';
    let timer = null;
    const arm = () => {
      clearTimeout(timer);
      if (box.checked) {
        timer = setTimeout(() => location.reload(), 5 * 60 * 1000);
      }
    };
    box.addEventListener('change', () => {
      localStorage.setItem(key, box.checked ? 'on' : 'off');
      arm();
    });
    arm();
  }

  return {
    Problem, esc, param, requireParam, link, getJson, clusters, index, report, expectRows, freshness, nav,
    summarize, tiles, heat, table, page, fragment, parseUtc, autoReload, compare, maker,
  };
})();
