// A letter to a user about their CPU hogs, to copy into a mail: their jobs in the CPU-hog report (of
// hosts whose names begin with ?host=, when given), newest first.
'use strict';

function letter(cluster, user, jobs) {
  const lines = jobs.map(job => [
    `  Job ${job.id} on ${job.hostname}, command ${job.cmd}:`,
    `    started on or before ${job['started-on-or-before']} and last seen ${job['last-seen']} (UTC),`,
    `    peak ${job['cpu-peak']} cores; CPU use ${job['rcpu-avg']}% of the node on average and ${job['rcpu-peak']}% at peak,`,
    `    memory ${job['rmem-avg']}% on average and ${job['rmem-peak']}% at peak; no GPU used.`,
  ].join('\n'));
  const many = jobs.length > 1;
  return [
    `Dear ${user},`,
    '',
    `${many ? `${jobs.length} of your jobs` : 'One of your jobs'} on the GPU nodes of ${cluster} used a lot of CPU `
      + `and no GPU during the last four weeks:`,
    '',
    lines.join('\n\n'),
    '',
    'The GPU nodes are few and in demand, and a job that uses only their CPUs keeps others from their GPUs.',
    `Please run work that needs no GPU on nodes without GPUs, or let ${many ? 'these jobs' : 'this job'} use the GPU it`
      + ' was given. If a job here should have used a GPU, it may be worth checking why it did not.',
    '',
    'Thank you, and do write if you have questions.',
    '',
  ].join('\n');
}

Dash.page(async () => {
  const cluster = Dash.requireParam('cluster');
  const user = Dash.requireParam('user');
  const host = Dash.param('host') || '';
  Dash.nav(cluster, 'cpuhogs');
  const index = await Dash.index(cluster);
  const file = index.reports.cpuhogs;
  const {data} = await Dash.report(cluster, file, 'cpuhogs', 'CPU-hog report');
  const jobs = Dash.expectRows(data, file, ['hostname', 'id', 'user'])
    .filter(job => job.user === user && job.hostname.startsWith(host))
    .sort((a, b) => Dash.compare(b['last-seen'], a['last-seen']));
  if (!jobs.length) {
    throw new Dash.Problem(`The CPU-hog report of cluster ${cluster} has no jobs of user ${user}`
      + `${host ? ` on hosts whose names begin with ${host}` : ''}.`);
  }
  const text = letter(cluster, user, jobs);
  const content = Dash.fragment(`
    <div class="heading"><h1>A letter to ${Dash.esc(user)}</h1>
      <p class="meta">${jobs.length} jobs${host ? ` on ${Dash.esc(host)}…` : ''}</p></div>
    <div class="toolbar"><button type="button" id="copy">Copy the letter</button><span id="copied" class="count"></span></div>
    <pre class="letter" id="letter">${Dash.esc(text)}</pre>`);
  return {
    content,
    after: () => document.getElementById('copy').addEventListener('click', async () => {
      const status = document.getElementById('copied');
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = 'copied';
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById('letter'));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        status.textContent = 'selected: copy it with Ctrl+C';
      }
    }),
  };
});
