// The CPU hogs (jobs on GPU nodes that use much CPU and no GPU) and the zombies of a cluster over the
// last four weeks, from the reports cpuhog-report.sh and deadweight-report.sh write twice a day. The page
// says which by its data-page; ?host=H shows only that host's.
'use strict';

Dash.page(async () => {
  const kind = document.body.dataset.page;
  const hogs = kind === 'cpuhogs';
  const what = hogs ? 'CPU-hog report' : 'zombie report';
  const cluster = Dash.requireParam('cluster');
  const host = Dash.param('host');
  Dash.nav(cluster, kind);
  const index = await Dash.index(cluster);
  const file = index.reports[kind];
  const {data, modified, now} = await Dash.report(cluster, file, kind, what);
  const all = Dash.expectRows(data, file, ['hostname', 'id', 'user']);
  const rows = host ? all.filter(row => row.hostname === host) : all;
  const title = (hogs ? 'CPU hogs' : 'Zombies') + (host ? ` on ${host}` : ` of ${cluster}`);
  const explain = hogs
    ? 'Jobs on GPU nodes that used no GPU and at least a tenth of the node\'s CPUs for ten minutes or more.'
    : 'Jobs that are zombies, defunct or hung.';
  const heading = `<div class="heading"><h1>${Dash.esc(title)}</h1>`
    + `<p class="meta">${Dash.freshness(kind, modified, now)}</p></div><p class="explain">${explain} `
    + `The last four weeks.${host ? ` <a href="${Dash.esc(Dash.link(`${kind}.html`, {cluster}))}">All hosts</a>` : ''}</p>`;
  if (!rows.length) {
    return `${heading}<p class="empty">None${host ? ' on this host' : ''}: nothing to do.</p>`;
  }
  const time = key => ({key, label: {
    'started-on-or-before': 'Started on or before', 'first-violation': 'First seen as such', 'last-seen': 'Last seen',
  }[key], cls: () => 'time'});
  const hostLink = row =>
    `<a href="${Dash.esc(Dash.link('node.html', {cluster, host: row.hostname}))}">${Dash.esc(row.hostname)}</a>`;
  const userLink = row => hogs
    ? `<a href="${Dash.esc(Dash.link('letter.html', {cluster, user: row.user, host}))}" title="a letter to ${Dash.esc(row.user)}">`
      + `${Dash.esc(row.user)}</a>`
    : Dash.esc(row.user);
  const jobColumns = [
    {key: 'hostname', label: 'Host', html: hostLink}, {key: 'user', label: 'User', html: userLink},
    {key: 'id', label: 'Job', numeric: true}, {key: 'cmd', label: 'Command', cls: () => 'cmd'},
    time('started-on-or-before'), time('first-violation'), time('last-seen'),
  ];
  if (hogs) {
    jobColumns.push(
      {key: 'cpu-peak', label: 'Peak cores', numeric: true},
      {key: 'rcpu-avg', label: 'CPU % avg', numeric: true}, {key: 'rcpu-peak', label: 'CPU % peak', numeric: true},
      {key: 'rmem-avg', label: 'RAM % avg', numeric: true}, {key: 'rmem-peak', label: 'RAM % peak', numeric: true});
  }
  const jobs = Dash.table(jobColumns, rows, {sort: ['last-seen', true], id: 'jobs'});
  if (!hogs) {
    return Dash.fragment(`${heading}<h2>${rows.length} jobs</h2><div data-slot="jobs"></div>`, {jobs});
  }
  const users = new Map();
  for (const row of rows) {
    const user = users.get(row.user) || {user: row.user, jobs: 0, hosts: new Set(), first: null, last: null};
    user.jobs++;
    user.hosts.add(row.hostname);
    const started = row['started-on-or-before'];
    const seen = row['last-seen'];
    user.first = user.first === null || Dash.compare(started, user.first) < 0 ? started : user.first;
    user.last = user.last === null || Dash.compare(seen, user.last) > 0 ? seen : user.last;
    users.set(row.user, user);
  }
  const userColumns = [
    {key: 'user', label: 'User', html: userLink}, {key: 'jobs', label: 'Jobs', numeric: true},
    {key: 'hosts', label: 'Hosts', numeric: true, value: row => row.hosts.size},
    {key: 'first', label: 'Earliest start', cls: () => 'time'}, {key: 'last', label: 'Last seen', cls: () => 'time'},
  ];
  const byUser = Dash.table(userColumns, [...users.values()], {sort: ['last', true], id: 'users'});
  return Dash.fragment(`${heading}<h2>By user: ${users.size}</h2><div data-slot="users"></div>`
    + `<h2>By job: ${rows.length}</h2><div data-slot="jobs"></div>`, {users: byUser, jobs});
});
