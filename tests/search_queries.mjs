// Runs queries on the sharded search (theme/static/js/search-engine.js over a built search/
// folder) and on one monolithic lunr.js index built here from the same documents, and prints,
// as JSON, both top-10 lists for every query. Used by tests/test_search_index.py.
//
//   node tests/search_queries.mjs SEARCH_DIR DOCS_JSON QUERIES_JSON
//   node tests/search_queries.mjs --reader SEARCH_DIR QUERIES_JSON
//
// With --reader it runs the queries as a reader types them (engine.search, with the options
// each query carries) and prints the message, notices, top refs and time of each.
//
// DOCS_JSON: {"fields": [[name, boost], ...], "docs": [{"id": "0", "title": ..., ...}, ...]}
// QUERIES_JSON: {"queries": [{"q": "...", "kind": "..."}, ...]}
import { createRequire } from "node:module"
import { readFileSync } from "node:fs"
import { join } from "node:path"

const require = createRequire(import.meta.url)
const lunr = require("lunr")
const NewsSearch = require("../theme/static/js/search-engine.js")

const load = async (url) => JSON.parse(readFileSync(join(searchDir, url), "utf8"))
const args = process.argv.slice(2)
if (args[0] === "--reader") {
  var [, searchDir, queriesFile] = args
  const engine = await NewsSearch.open("", load)
  const out = []
  for (const { q, options } of JSON.parse(readFileSync(queriesFile, "utf8")).queries) {
    const t0 = performance.now()
    try {
      const r = await engine.search(q, options || {})
      out.push({ q, message: null, notices: r.notices, refs: r.results.slice(0, 10).map((x) => x.ref), total: r.total,
        titles: r.results.slice(0, 10).map((x) => x.fragment && x.fragment.title), ms: performance.now() - t0 })
    } catch (e) {
      out.push({ q, message: e instanceof NewsSearch.SearchMessage ? e.message : null, error: e instanceof NewsSearch.SearchMessage ? null : String(e && e.stack || e), ms: performance.now() - t0 })
    }
  }
  console.log(JSON.stringify({ results: out }))
  process.exit(0)
}
var [searchDir, docsFile, queriesFile] = args
const { fields, docs } = JSON.parse(readFileSync(docsFile, "utf8"))
const { queries } = JSON.parse(readFileSync(queriesFile, "utf8"))

const started = Date.now()
const monolithic = lunr(function () {
  this.ref("id")
  for (const [name, boost] of fields) this.field(name, { boost })
  for (const doc of docs) this.add(doc)
})
const buildMs = Date.now() - started

const engine = await NewsSearch.open("", load)

const top = (results) => results.slice(0, 10).map((r) => [r.ref, Math.round(r.score * 1e9) / 1e9])
const out = []
for (const { q, kind } of queries) {
  let mono, sharded, error = null
  try { mono = top(monolithic.search(q)) } catch (e) { mono = "error: " + e.message }
  try { sharded = top(await engine.searchLunr(q)) } catch (e) { sharded = "error: " + e.message }
  out.push({ q, kind, monolithic: mono, sharded, total: Array.isArray(mono) ? monolithic.search(q).length : null })
}
console.log(JSON.stringify({ buildMs, shardsLoaded: Object.keys(engine.loaded).length, shards: engine.manifest.shards.length, results: out }))
