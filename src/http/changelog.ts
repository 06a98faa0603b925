import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Feed } from 'feed';
import type { Config } from '../config/schema.js';
import { groupChangelog, type ChangelogEntryRecord } from '../domain/changelog.js';
import type { Logger } from '../observability/logger.js';
import { reply, type RouteHandler } from './routes.js';

/** Everything that reaches the page is escaped: titles come from whoever opened a pull request. */
function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Only http(s) links are shown; anything else is dropped rather than trusted. */
function safeUrl(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}

function baseUrl(config: Config, req: IncomingMessage): string {
  if (config.changelog.publicUrl !== undefined) return config.changelog.publicUrl.replace(/\/$/, '');
  const proto =
    String(req.headers['x-forwarded-proto'] ?? 'http')
      .split(',')[0]
      ?.trim() || 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}

export function changelogPage(config: Config, entries: readonly ChangelogEntryRecord[], base: string): string {
  const streamName = (k: string) => config.streams.find((s) => s.key === k)?.name ?? k;
  const groups = groupChangelog(
    entries,
    config,
    config.streams.map((s) => s.key),
  );
  const path = config.changelog.publicPath.replace(/\/$/, '');
  const body =
    groups.length === 0
      ? '<p>Nothing has shipped yet.</p>'
      : groups
          .map(
            (g) =>
              `<section><h2>${g.sprint === null ? 'Outside a sprint' : `Sprint ${g.sprint.number} · <span class="nw">${html(g.sprint.startDate)}</span> → <span class="nw">${html(g.sprint.endDate)}</span>`}</h2>` +
              g.streams
                .map(
                  (s) =>
                    `<h3>${html(streamName(s.streamKey))}</h3><ul>` +
                    s.entries
                      .map((e) => {
                        const url = safeUrl(e.url);
                        const title = url === null ? html(e.title) : `<a href="${html(url)}">${html(e.title)}</a>`;
                        return `<li>${title} <time datetime="${e.mergedAt.toISOString()}">${e.mergedAt.toISOString().slice(0, 10)}</time></li>`;
                      })
                      .join('') +
                    '</ul>',
                )
                .join('') +
              '</section>',
          )
          .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Changelog</title>
<link rel="alternate" type="application/atom+xml" title="Changelog (Atom)" href="${html(`${base}${path}/atom.xml`)}">
<link rel="alternate" type="application/feed+json" title="Changelog (JSON Feed)" href="${html(`${base}${path}/feed.json`)}">
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.8rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}
h3{font-size:1rem;margin:1rem 0 .25rem;color:#444}ul{margin:0;padding-left:1.2rem}li{margin:.2rem 0}
time{color:#666;font-size:.875rem;margin-left:.5rem;white-space:nowrap}.nw{white-space:nowrap}a{color:#0b57d0}p.feeds{color:#555;font-size:.9rem}
</style></head>
<body><h1>Changelog</h1><p class="feeds">What shipped, newest first. Follow it as <a href="${html(`${base}${path}/atom.xml`)}">Atom</a> or <a href="${html(`${base}${path}/feed.json`)}">JSON Feed</a>.</p>
${body}
</body></html>
`;
}

function feedOf(config: Config, entries: readonly ChangelogEntryRecord[], base: string): Feed {
  const path = config.changelog.publicPath.replace(/\/$/, '');
  const streamName = (k: string) => config.streams.find((s) => s.key === k)?.name ?? k;
  const feed = new Feed({
    title: 'Changelog',
    id: `${base}${path}`,
    link: `${base}${path}`,
    updated: entries[0]?.mergedAt ?? new Date(0),
    feedLinks: { atom: `${base}${path}/atom.xml`, json: `${base}${path}/feed.json` },
    copyright: '',
    generator: false,
  });
  for (const e of entries) {
    const link = safeUrl(e.url) ?? `${base}${path}#${e.id}`;
    feed.addItem({ title: e.title, id: `${base}${path}#${e.id}`, link, date: e.mergedAt, description: streamName(e.streamKey) });
  }
  return feed;
}

/** JSON Feed 1.1: the library writes version 1; the items Paceline writes need nothing else of 1.1. */
function jsonFeed11(feed: Feed): string {
  const doc = JSON.parse(feed.json1()) as Record<string, unknown>;
  doc.version = 'https://jsonfeed.org/version/1.1';
  return JSON.stringify(doc, null, 2);
}

/**
 * GET <publicPath> (HTML), <publicPath>/atom.xml and <publicPath>/feed.json: the public changelog,
 * only entries from repositories marked public, and only their title, stream, date and link.
 * Conditional GET: an ETag of the body and Last-Modified of the newest entry answer 304.
 */
export function changelogRoutes(o: {
  config: Config;
  entries: () => Promise<ChangelogEntryRecord[]>;
  logger: Logger;
}): { path: string; handler: RouteHandler }[] {
  const path = o.config.changelog.publicPath.replace(/\/$/, '') || '/';
  const serve =
    (type: string, render: (entries: ChangelogEntryRecord[], base: string) => string): RouteHandler =>
    async (req: IncomingMessage, res: ServerResponse) => {
      let entries: ChangelogEntryRecord[];
      try {
        entries = await o.entries();
      } catch (err) {
        o.logger.warn({ err }, 'could not read the changelog');
        res.setHeader('retry-after', '30');
        return reply(res, 503, { error: 'the changelog cannot be read right now; retry later' });
      }
      const body = render(entries, baseUrl(o.config, req));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const newest = entries[0]?.mergedAt ?? new Date(0);
      const lastModified = new Date(Math.floor(newest.getTime() / 1000) * 1000).toUTCString();
      res.setHeader('etag', etag);
      res.setHeader('last-modified', lastModified);
      res.setHeader('cache-control', 'public, max-age=60');
      const ifNoneMatch = req.headers['if-none-match'];
      const ifModifiedSince = req.headers['if-modified-since'];
      const notModified =
        ifNoneMatch !== undefined
          ? ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')
          : ifModifiedSince !== undefined &&
            !Number.isNaN(Date.parse(ifModifiedSince)) &&
            Date.parse(ifModifiedSince) >= Date.parse(lastModified);
      if (notModified) {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.statusCode = 200;
      res.setHeader('content-type', type);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
  return [
    { path, handler: serve('text/html; charset=utf-8', (e, base) => changelogPage(o.config, e, base)) },
    {
      path: `${path === '/' ? '' : path}/atom.xml`,
      handler: serve('application/atom+xml; charset=utf-8', (e, base) => feedOf(o.config, e, base).atom1()),
    },
    {
      path: `${path === '/' ? '' : path}/feed.json`,
      handler: serve('application/feed+json; charset=utf-8', (e, base) => jsonFeed11(feedOf(o.config, e, base))),
    },
  ];
}
