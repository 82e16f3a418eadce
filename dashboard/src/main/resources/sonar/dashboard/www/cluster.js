// The overview of one cluster: its numbers at a glance and a table of every host, from the at-a-glance
// report that webload-5m.sh writes every five minutes.
'use strict';

Dash.page(async () => {
  const cluster = Dash.requireParam('cluster');
  Dash.nav(cluster, 'overview');
  const index = await Dash.index(cluster);
  const file = index.reports.overview;
  const {data, modified, now} = await Dash.report(cluster, file, 'overview', 'overview');
  const rows = Dash.expectRows(data, file, ['hostname']);
  const first = rows[0] || {};
  const minutes = value => value % 60 === 0 ? `${value / 60} h` : `${value} min`;
  const recent = minutes(first.recent || 30);
  const longer = minutes(first.longer || 720);
  const long = minutes(first.long || 1440);
  const down = row => (row.cpu_status || row.gpu_status) ? 1 : 0;
  const hostLink = row => {
    const title = row.machine ? `${row.hostname}: ${row.machine}` : row.hostname;
    return `<a href="${Dash.esc(Dash.link('node.html', {cluster, host: row.hostname}))}" title="${Dash.esc(title)}">`
      + `${Dash.esc(row.hostname)}</a>`;
  };
  const load = key => ({key, label: key.endsWith('_recent') ? recent : longer, numeric: true,
    cls: row => Dash.heat(row[key])});
  const count = (key, label, page) => ({key, label, numeric: true,
    cls: row => row[key] ? 'flag' : '',
    html: row => row[key] ? `<a href="${Dash.esc(Dash.link(page, {cluster, host: row.hostname}))}">${row[key]}</a>`
      : Dash.esc(row[key])});
  const columns = [
    {key: 'hostname', label: 'Host', html: hostLink},
    {key: 'state', label: 'State', value: down, numeric: true,
      title: 'down: the last uptime report says the host or its GPUs are down',
      html: row => down(row) ? '<span class="badge down">down</span>' : '<span class="badge up">up</span>'},
    {key: 'users_recent', label: recent, numeric: true}, {key: 'users_longer', label: longer, numeric: true},
    {key: 'jobs_recent', label: recent, numeric: true}, {key: 'jobs_longer', label: longer, numeric: true},
    load('cpu_recent'), load('cpu_longer'), load('mem_recent'), load('mem_longer'),
    load('gpu_recent'), load('gpu_longer'), load('gpumem_recent'), load('gpumem_longer'),
    count('violators_long', 'CPU hogs', 'cpuhogs.html'), count('zombies_long', 'zombies', 'zombies.html'),
  ];
  const groups = [['', 2], ['Users', 2], ['Jobs', 2], ['CPU %', 2], ['RAM %', 2], ['GPU %', 2], ['VRAM %', 2],
    ['New in the last ' + long, 2]];

  const remember = (key, value) => {
    const next = new URLSearchParams(location.search);
    if (value === null) {
      next.delete(key);
    } else {
      next.set(key, value);
    }
    history.replaceState(null, '', `?${next}`);
  };
  // Sort and filter live in the address, so that a reload or a shared link shows the same table.
  const sorting = () => {
    const query = new URLSearchParams(location.search);
    return query.get('sort') ? [query.get('sort'), query.get('desc') === '1'] : ['state', true];
  };
  const shown = filter => {
    const text = filter.trim().toLowerCase();
    return text ? rows.filter(row => row.hostname.toLowerCase().includes(text)
      || String(row.machine || '').toLowerCase().includes(text)) : rows;
  };
  const makeTable = list => Dash.table(columns, list, {
    sort: sorting(), groups, id: 'hosts', rowClass: row => row.cpu_status ? 'down' : '',
    then: (key, descending) => {
      remember('sort', key);
      remember('desc', descending ? '1' : null);
    },
  });
  const filter = new URLSearchParams(location.search).get('filter') || '';
  let current = makeTable(shown(filter));

  const subclusters = index.subclusters.length
    ? '<p class="subclusters">Subclusters: ' + index.subclusters.map(sub =>
      `<a href="${Dash.esc(Dash.link('node.html', {cluster, subcluster: sub.name}))}">${Dash.esc(sub.name)}</a>`)
      .join(', ') + '</p>'
    : '';
  const tag = typeof first.tag === 'string' ? ` <span class="tag">${Dash.esc(first.tag)}</span>` : '';
  const content = Dash.fragment(`
    <div class="heading">
      <h1>${Dash.esc(cluster)}${tag}</h1>
      <p class="meta">${Dash.freshness('overview', modified, now)}
        <label class="reload"><input type="checkbox" id="reload"> reload every 5 minutes</label></p>
    </div>
    ${Dash.tiles(Dash.summarize(rows), cluster)}
    ${subclusters}
    <div class="toolbar">
      <input type="search" id="filter" placeholder="Filter hosts" aria-label="Filter hosts" value="${Dash.esc(filter)}">
      <span class="count" id="count"></span>
    </div>
    <div data-slot="table"></div>`, {table: current});
  const counted = list => `${list.length} of ${rows.length} hosts`;
  content.getElementById('count').textContent = counted(shown(filter));
  return {
    content,
    after: () => {
      Dash.autoReload(document.getElementById('reload'));
      const box = document.getElementById('filter');
      box.addEventListener('input', () => {
        const list = shown(box.value);
        const table = makeTable(list);
        current.replaceWith(table);
        current = table;
        document.getElementById('count').textContent = counted(list);
        remember('filter', box.value || null);
      });
    },
  };
});
