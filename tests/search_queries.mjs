// Runs queries on the sharded search (theme/static/js/search-engine.js over a built search/
// folder) and on one monolithic lunr.js index built here from the same documents, and prints,
// as JSON, both top-10 lists for every query. Used by tests/test_search_index.py.
//
//   node tests/search_queries.mjs SEARCH_DIR DOCS_JSON QUERIES_JSON
//
// DOCS_JSON: {"fields": [[name, boost], ...], "docs": [{"id": "0", "title": ..., ...}, ...]}
// QUERIES_JSON: {"queries": [{"q": "...", "kind": "..."}, ...]}
import { createRequire } from "node:module"
import { readFileSync } from "node:fs"
import { join } from "node:path"

const require = createRequire(import.meta.url)
const lunr = require("lunr")
const NewsSearch = require("../theme/static/js/search-engine.js")

const [searchDir, docsFile, queriesFile] = process.argv.slice(2)
const { fields, docs } = JSON.parse(readFileSync(docsFile, "utf8"))
const { queries } = JSON.parse(readFileSync(queriesFile, "utf8"))

const started = Date.now()
const monolithic = lunr(function () {
  this.ref("id")
  for (const [name, boost] of fields) this.field(name, { boost })
  for (const doc of docs) this.add(doc)
})
const buildMs = Date.now() - started

const load = async (url) => JSON.parse(readFileSync(join(searchDir, url), "utf8"))
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
