// Prints, as JSON, the lunr.js index terms of tokens or texts read as JSON from stdin, with the
// lunr.js of node_modules. Used by tests/test_search_analysis.py to check newsarchive's analysis.
//
//   node tests/lunr_terms.js tokens   < ["token", ...]   -> [term or null (a stop word), ...]
//   node tests/lunr_terms.js texts    < ["text", ...]    -> [[term, ...], ...]  (lunr.tokenizer first)
const lunr = require("lunr")
const pipeline = new lunr.Pipeline()
pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer)
const input = JSON.parse(require("fs").readFileSync(0, "utf8"))
const term = (token) => {
  const out = pipeline.run([new lunr.Token(token, {})])
  return out.length ? out[0].toString() : null
}
const texts = (text) => pipeline.run(lunr.tokenizer(text)).map(String)
const mode = process.argv[2]
if (mode !== "tokens" && mode !== "texts") {
  console.error("usage: node tests/lunr_terms.js tokens|texts < input.json")
  process.exit(2)
}
process.stdout.write(JSON.stringify(input.map(mode === "tokens" ? term : texts)))
