// The front page: every cluster with reports on this server, each with its numbers at a glance.
'use strict';

Dash.page(async () => {
  Dash.nav(null, 'clusters');
  const clusters = await Dash.clusters();
  if (clusters.length === 0) {
    throw new Dash.Problem('No cluster has reports on this server yet. The cluster scripts that '
      + 'ops/install.sh --cluster installs write them; the first overview comes within five minutes of the '
      + 'first data.');
  }
  const cards = await Promise.all(clusters.map(async cluster => {
    const name = Dash.esc(cluster.name);
    const href = Dash.esc(Dash.link('cluster.html', {cluster: cluster.name}));
    const head = `<h2><a href="${href}">${name}</a></h2>`;
    try {
      const {data, modified, now} = await Dash.report(cluster.name, cluster.overview, 'overview', 'overview');
      const rows = Dash.expectRows(data, cluster.overview, ['hostname']);
      const tag = rows.length && typeof rows[0].tag === 'string' ? `<p class="tag">${Dash.esc(rows[0].tag)}</p>` : '';
      return `<section class="card cluster-card" data-cluster="${name}">${head}${tag}`
        + `<p class="meta">${Dash.freshness('overview', modified, now)}</p>`
        + Dash.tiles(Dash.summarize(rows), cluster.name) + '</section>';
    } catch (e) {
      if (!(e instanceof Dash.Problem)) {
        throw e;
      }
      return `<section class="card cluster-card missing" data-cluster="${name}">${head}`
        + `<p class="notice">${Dash.esc(e.message)}</p></section>`;
    }
  }));
  return `<h1>Clusters</h1>${cards.join('')}`;
});
