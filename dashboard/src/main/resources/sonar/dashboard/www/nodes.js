// The node list: every host with load reports, its description and state from the overview, and a link
// to each period of its load; then the subclusters.
'use strict';

Dash.page(async () => {
  const cluster = Dash.requireParam('cluster');
  Dash.nav(cluster, 'nodes');
  const index = await Dash.index(cluster);
  const periods = ['minutely', 'daily', 'weekly', 'monthly', 'quarterly'];
  const hosts = new Map();
  for (const period of periods) {
    for (const host of index.loads[period] || []) {
      if (!hosts.has(host)) {
        hosts.set(host, {hostname: host, periods: []});
      }
      hosts.get(host).periods.push(period);
    }
  }
  let overviewNote = '';
  if (index.reports.overview) {
    try {
      const {data} = await Dash.report(cluster, index.reports.overview, 'overview', 'overview');
      for (const row of Dash.expectRows(data, index.reports.overview, ['hostname'])) {
        const host = hosts.get(row.hostname) || {hostname: row.hostname, periods: []};
        host.machine = row.machine;
        host.down = row.cpu_status || row.gpu_status ? 1 : 0;
        hosts.set(row.hostname, host);
      }
    } catch (e) {
      if (!(e instanceof Dash.Problem)) {
        throw e;
      }
      overviewNote = `<p class="notice">${Dash.esc(e.message)} Descriptions and states are left out.</p>`;
    }
  }
  if (!hosts.size) {
    throw new Dash.Problem(`Cluster ${cluster} has no load reports yet: ${Dash.maker('minutely')}.`);
  }
  const columns = [
    {key: 'hostname', label: 'Host', html: row => row.periods.length
      ? `<a href="${Dash.esc(Dash.link('node.html', {cluster, host: row.hostname}))}">${Dash.esc(row.hostname)}</a>`
      : Dash.esc(row.hostname)},
    {key: 'down', label: 'State', numeric: true, html: row => row.down === undefined ? ''
      : row.down ? '<span class="badge down">down</span>' : '<span class="badge up">up</span>'},
    {key: 'machine', label: 'Description'},
    {key: 'reports', label: 'Load reports', value: row => row.periods.length, html: row => row.periods.map(period =>
      `<a href="${Dash.esc(Dash.link('node.html', {cluster, host: row.hostname, period}))}">${period}</a>`).join(' · ')},
  ];
  const subclusters = index.subclusters.length
    ? '<h2>Subclusters</h2><ul class="plain">' + index.subclusters.map(sub =>
      `<li><a href="${Dash.esc(Dash.link('node.html', {cluster, subcluster: sub.name}))}">${Dash.esc(sub.name)}</a>`
      + ' (weekly)</li>').join('') + '</ul>'
    : '';
  return Dash.fragment(`
    <div class="heading"><h1>Nodes of ${Dash.esc(cluster)}</h1><p class="meta">${hosts.size} hosts</p></div>
    ${overviewNote}
    <div data-slot="table"></div>
    ${subclusters}`, {table: Dash.table(columns, [...hosts.values()], {sort: ['hostname', false], id: 'nodes'})});
});
