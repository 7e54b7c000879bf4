/*
 * newsarchive search engine: lunr.js over an index cut into shards by term.
 *
 * The build (newsarchive/site/search.py) writes search/index.json (the manifest: fields, the
 * first term of each shard, filter ranges), search/shard-*.json (terms in sorted order with their
 * postings and lunr's field-vector weights), search/terms-*.json (every term, for fuzzy and
 * leading-wildcard expansion) and search/doc/N/M.json (one fragment per document).
 *
 * A query is parsed by lunr's own QueryParser. Each clause's terms go through lunr's search
 * pipeline (the stemmer); the shards holding the terms a clause can expand to are fetched (the
 * one holding an exact term, the range holding a prefix, or for fuzzy and other wildcards the
 * shards of the terms the dictionary expands to). Then a small lunr.Index is made over just
 * those terms: their postings, and for every document they occur in a field vector holding just
 * their weights. lunr.js runs the query on it. A document's lunr score is the dot product of the
 * query vector with its field vectors over the query vector's length, and only the query's terms
 * take part in it, so scores and order are those of one monolithic index over all the terms.
 *
 * On top of that (search(), for readers): quoted phrases, prefix matching of the word being
 * typed, fuzzy matching of words the index does not know, filters, and a re-ranking that puts
 * exact headlines, then adjacent phrases, then headlines holding every word first.
 *
 * Works in browsers (window.NewsSearch) and in Node (module.exports) for tests.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("lunr"))
  } else {
    root.NewsSearch = factory(root.lunr)
  }
})(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict"

  var LIMITS = {
    chars: 200, // longer queries are cut, with a notice
    clauses: 16,
    editDistance: 2,
    expansion: 300, // terms one fuzzy or wildcard clause may expand to
    shards: 24, // shards one query may fetch
    prefixMin: 2, // letters before a trailing *
    phraseWindow: 30, // results checked for adjacent phrases
    typingMin: 3, // letters of the word being typed before it is matched as a prefix
    fuzzyMin: 4, // letters of an unknown word before it is matched fuzzily
    fuzzyMax: 24 // longer words are not matched fuzzily (the automaton grows with the length)
  }

  /* An error whose message is written for readers. */
  function SearchMessage (message) {
    this.name = "SearchMessage"
    this.message = message
  }
  SearchMessage.prototype = Object.create(Error.prototype)

  var WILDCARD = lunr.Query.wildcard
  var PRESENCE = lunr.Query.presence

  /* Index of the last entry of sorted `firsts` that is <= term (0 when none is). */
  function lastAtMost (firsts, term) {
    var lo = 0, hi = firsts.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (firsts[mid] <= term) lo = mid + 1
      else hi = mid
    }
    return Math.max(0, lo - 1)
  }

  /* Index of the first entry of sorted `list` that is >= term. */
  function firstAtLeast (list, term) {
    var lo = 0, hi = list.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (list[mid] < term) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  function startsWith (s, prefix) {
    return s.slice(0, prefix.length) === prefix
  }

  /* A loaded shard: its sorted terms and their encoded postings, decoded on demand. */
  function Shard (data) {
    this.terms = data.terms
    this.entries = data.postings
    this.decoded = Object.create(null)
  }

  Shard.prototype.position = function (term) {
    var i = firstAtLeast(this.terms, term)
    return this.terms[i] === term ? i : -1
  }

  Shard.prototype.withPrefix = function (prefix) {
    var out = []
    for (var i = firstAtLeast(this.terms, prefix); i < this.terms.length && startsWith(this.terms[i], prefix); i++) {
      out.push(this.terms[i])
    }
    return out
  }

  /* {index, fields: {field: {refs: [...], weights: [...], posting: {ref: {}}}}} for a term. */
  Shard.prototype.entry = function (term, fields) {
    if (this.decoded[term]) return this.decoded[term]
    var raw = this.entries[this.position(term)], out = { index: raw[0], fields: Object.create(null) }
    for (var i = 1; i < raw.length; i += 3) {
      var deltas = raw[i + 1], weights = raw[i + 2], refs = new Array(deltas.length), posting = Object.create(null)
      var doc = 0
      for (var j = 0; j < deltas.length; j++) {
        doc += deltas[j]
        refs[j] = String(doc)
        posting[refs[j]] = {}
      }
      out.fields[fields[raw[i]]] = { refs: refs, weights: weights, posting: posting }
    }
    this.decoded[term] = out
    return out
  }

  /*
   * The engine. `base` is the URL of the search folder (ending in "/"); `load(url)` returns a
   * promise of the parsed JSON (fetch in browsers, the file system in tests).
   */
  function Engine (base, manifest, load) {
    this.base = base
    this.manifest = manifest
    this.load = load
    this.fields = manifest.fields
    this.firsts = manifest.shards.map(function (s) { return s[0] })
    this.shards = Object.create(null) // shard number -> promise of Shard
    this.loaded = Object.create(null) // shard number -> Shard
    this.fragments = Object.create(null)
    this.dictionary = null
    this.expansions = Object.create(null) // "term~distance" -> the dictionary terms it matches
    this.pipeline = lunr.Pipeline.load(["stemmer"])
  }

  Engine.open = function (base, load) {
    return load(base + "index.json").then(function (manifest) {
      return new Engine(base, manifest, load)
    })
  }

  Engine.prototype.shardFor = function (term) {
    return lastAtMost(this.firsts, term)
  }

  Engine.prototype.fetchShard = function (number) {
    var engine = this
    if (!this.shards[number]) {
      this.shards[number] = this.load(this.base + this.manifest.shards[number][1]).then(function (data) {
        var shard = new Shard(data)
        engine.loaded[number] = shard
        return shard
      }, function (error) {
        delete engine.shards[number]
        throw error
      })
    }
    return this.shards[number]
  }

  Engine.prototype.fetchShards = function (numbers) {
    var unique = Object.keys(numbers)
    if (unique.length > LIMITS.shards) {
      return Promise.reject(new SearchMessage("This search matches too many words. Add letters or leave out a * or ~."))
    }
    return Promise.all(unique.map(this.fetchShard, this))
  }

  /* The whole dictionary as a lunr.TokenSet, for fuzzy and wildcard clauses. */
  Engine.prototype.fetchDictionary = function () {
    if (!this.dictionary) {
      var engine = this
      this.dictionary = this.load(this.base + this.manifest.terms).then(function (terms) {
        return lunr.TokenSet.fromArray(terms)
      }, function (error) {
        engine.dictionary = null
        throw error
      })
    }
    return this.dictionary
  }

  /* The terms a clause stands for, as lunr.Index.query computes them. */
  Engine.prototype.clauseTerms = function (clause) {
    return clause.usePipeline ? this.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term]
  }

  /* How a term of a clause is expanded: exact, prefix (a trailing * only), or by the dictionary. */
  function termKind (clause, term) {
    if (clause.editDistance) return "dictionary"
    var star = term.indexOf("*")
    if (star < 0) return "exact"
    if (star === term.length - 1) return "prefix"
    return "dictionary"
  }

  /*
   * Expand every term of every clause into index terms, fetching the shards that hold them.
   * Returns a promise of [[terms of term 1 of clause 1, ...], ...] (parallel to the clauses).
   */
  Engine.prototype.expand = function (clauses) {
    var engine = this, needed = Object.create(null), plans = [], dictionaryNeeded = false
    clauses.forEach(function (clause) {
      plans.push(engine.clauseTerms(clause).map(function (term) {
        var kind = termKind(clause, term)
        if (kind === "exact") {
          needed[engine.shardFor(term)] = true
        } else if (kind === "prefix") {
          var prefix = term.slice(0, -1)
          if (prefix.length < LIMITS.prefixMin) {
            throw new SearchMessage("Type at least " + LIMITS.prefixMin + " letters before a *.")
          }
          engine.prefixShards(prefix).forEach(function (n) { needed[n] = true })
        } else {
          dictionaryNeeded = true
        }
        return { term: term, kind: kind, clause: clause }
      }))
    })
    var dictionary = dictionaryNeeded ? this.fetchDictionary() : Promise.resolve(null)
    return dictionary.then(function (tokenSet) {
      plans.forEach(function (plan) {
        plan.forEach(function (item) {
          if (item.kind !== "dictionary") return
          if (item.clause.editDistance > LIMITS.editDistance) {
            throw new SearchMessage("Use at most ~" + LIMITS.editDistance + " for spelling variants.")
          }
          var key = item.term + "~" + (item.clause.editDistance || 0)
          if (!engine.expansions[key]) {
            var probe = Object.assign({}, item.clause, { term: item.term })
            engine.expansions[key] = tokenSet.intersect(lunr.TokenSet.fromClause(probe)).toArray()
          }
          item.terms = engine.expansions[key]
          if (item.terms.length > LIMITS.expansion) {
            throw new SearchMessage("“" + item.term + "” matches too many words. Add letters.")
          }
          item.terms.forEach(function (t) { needed[engine.shardFor(t)] = true })
        })
      })
      return engine.fetchShards(needed)
    }).then(function () {
      return plans.map(function (plan) {
        return plan.map(function (item) {
          if (item.kind === "exact") {
            var shard = engine.loaded[engine.shardFor(item.term)]
            return shard.position(item.term) >= 0 ? [item.term] : []
          }
          if (item.kind === "prefix") {
            var prefix = item.term.slice(0, -1), out = []
            engine.prefixShards(prefix).forEach(function (n) { out = out.concat(engine.loaded[n].withPrefix(prefix)) })
            return out
          }
          return item.terms
        })
      })
    })
  }

  /* Shard numbers that can hold terms starting with `prefix`. */
  Engine.prototype.prefixShards = function (prefix) {
    var first = this.shardFor(prefix), out = [first]
    for (var n = first + 1; n < this.firsts.length && startsWith(this.firsts[n], prefix); n++) out.push(n)
    return out
  }

  /* A lunr.Index over just `terms` (all in loaded shards), scoring as the whole index would. */
  Engine.prototype.miniIndex = function (terms) {
    var engine = this, invertedIndex = Object.create(null), vectors = Object.create(null)
    var sorted = Object.keys(terms).sort()
    var entries = sorted.map(function (term) {
      return engine.loaded[engine.shardFor(term)].entry(term, engine.fields)
    })
    // Insert in term-index order so each vector's elements are appended already sorted.
    var order = sorted.map(function (_, i) { return i }).sort(function (a, b) { return entries[a].index - entries[b].index })
    order.forEach(function (i) {
      var entry = entries[i], posting = { _index: entry.index }
      engine.fields.forEach(function (field) {
        var f = entry.fields[field]
        posting[field] = f ? f.posting : {}
        if (!f) return
        for (var j = 0; j < f.refs.length; j++) {
          var key = field + "/" + f.refs[j]
          var vector = vectors[key] || (vectors[key] = new lunr.Vector([]))
          vector.elements.push(entry.index, f.weights[j] / 1000)
        }
      })
      invertedIndex[sorted[i]] = posting
    })
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: vectors,
      tokenSet: lunr.TokenSet.fromArray(sorted),
      fields: this.fields,
      pipeline: this.pipeline
    })
  }

  /*
   * Run lunr query clauses (as lunr.QueryParser makes them). Resolves to
   * {results: lunr's results, expansions: per clause, the index terms it matched}.
   */
  Engine.prototype.run = function (clauses) {
    var engine = this
    return this.expand(clauses).then(function (expanded) {
      var terms = Object.create(null)
      var expansions = expanded.map(function (perTerm) {
        var set = Object.create(null)
        perTerm.forEach(function (list) { list.forEach(function (t) { set[t] = terms[t] = true }) })
        return set
      })
      var index = engine.miniIndex(terms)
      var results = index.query(function (query) {
        clauses.forEach(function (clause) { query.clause(Object.assign({}, clause)) })
      })
      return { results: results, expansions: expansions }
    })
  }

  /* Parse a lunr query string into clauses (throws lunr.QueryParseError). */
  Engine.prototype.parse = function (queryString) {
    var query = new lunr.Query(this.fields)
    new lunr.QueryParser(queryString, query).parse()
    return query
  }

  /* Exactly lunr.Index.search(queryString), on the shards: the tests compare the two. */
  Engine.prototype.searchLunr = function (queryString) {
    var engine = this
    return Promise.resolve().then(function () {
      return engine.run(engine.parse(queryString).clauses)
    }).then(function (out) { return out.results })
  }

  Engine.prototype.fragment = function (ref) {
    var n = Number(ref)
    if (!this.fragments[ref]) {
      var engine = this
      this.fragments[ref] = this.load(this.base + "doc/" + Math.floor(n / 1000) + "/" + n + ".json").catch(function (error) {
        delete engine.fragments[ref]
        throw error
      })
    }
    return this.fragments[ref]
  }

  /* ------------------------------------------------------------------------------------------
   * Reader queries
   */

  var QUOTES = /["\u201c\u201d\u201e\u00ab\u00bb]/g

  /* lunr's trimmer, stop-word filter and stemmer on one word: its index term, or "" if none. */
  function analyse (word) {
    var token = new lunr.Token(word.toLowerCase(), {})
    var out = lunr.trimmer(token)
    if (!out || !out.toString()) return ""
    if (!lunr.stopWordFilter(out)) return ""
    return lunr.stemmer(out).toString()
  }

  /* Words of a text with their offsets, split as lunr.tokenizer splits. */
  function words (text) {
    var out = [], re = /[^\s\-]+/g, m
    while ((m = re.exec(text))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length })
    return out
  }

  function friendlyParseError (error, fields) {
    var message = String(error && error.message || "")
    var field = /unrecognised field '([^']*)'/.exec(message)
    if (field) {
      return "“" + field[1] + ":” is not something you can search in. Try " +
        fields.map(function (f) { return f + ":" }).join(", ") + " or leave out the colon."
    }
    return "That search could not be read: the characters : ~ ^ + - * have special meanings " +
      "(title:word, word~1, word^2, +word, -word, word*). Put a \\ before one to search for it."
  }

  /*
   * Turn what a reader typed into lunr clauses. Options: typing (the last word may be
   * unfinished), type (an entity type: its field replaces "all fields"). Returns
   * {clauses, phrases, notices, text} or throws a SearchMessage.
   */
  Engine.prototype.prepare = function (input, options) {
    options = options || {}
    var notices = [], text = String(input || "").replace(/\s+/g, " ")
    if (text.length > LIMITS.chars) {
      text = text.slice(0, LIMITS.chars)
      notices.push("Only the first " + LIMITS.chars + " characters were searched for.")
    }
    var quotes = text.match(QUOTES) || []
    if (quotes.length % 2) throw new SearchMessage("A quotation mark is not closed: add the closing \" to search for a phrase.")
    var phrases = []
    text.split(QUOTES).forEach(function (part, i) {
      if (i % 2 === 1) {
        var stems = words(part).map(function (w) { return analyse(w.text) || "\u0000" + w.text.toLowerCase() })
        if (stems.length > 1) phrases.push(stems)
      }
    })
    var query
    try {
      query = this.parse(text.replace(QUOTES, " "))
    } catch (error) {
      throw new SearchMessage(friendlyParseError(error, this.fields))
    }
    var clauses = [], stopWords = 0, engine = this
    var entityField = options.type && this.manifest.entityFields[options.type]
    query.clauses.forEach(function (clause, i) {
      if (clause.usePipeline) {
        var trimmed = lunr.trimmer(new lunr.Token(clause.term, {})).toString()
        if (!trimmed) return
        if (!lunr.stopWordFilter(new lunr.Token(trimmed, {}))) { stopWords++; return }
        clause.term = trimmed
      } else if (clause.term.replace(/\*/g, "").length < LIMITS.prefixMin) {
        throw new SearchMessage("Type at least " + LIMITS.prefixMin + " letters with a *.")
      }
      if (clause.editDistance > LIMITS.editDistance) {
        clause.editDistance = LIMITS.editDistance
        notices.push("Spelling variants are limited to ~" + LIMITS.editDistance + ".")
      }
      if (clause.editDistance && clause.term.length > LIMITS.fuzzyMax) {
        throw new SearchMessage("Spelling variants (~) work on words of up to " + LIMITS.fuzzyMax + " letters.")
      }
      if (entityField && clause.fields === query.allFields) clause.fields = [entityField]
      clause.group = clauses.length
      clause.plain = clause.usePipeline && !clause.editDistance && clause.presence !== PRESENCE.PROHIBITED
      clauses.push(clause)
    })
    if (clauses.length > LIMITS.clauses) {
      clauses = clauses.slice(0, LIMITS.clauses)
      notices.push("Only the first " + LIMITS.clauses + " words were searched for.")
    }
    if (!clauses.length) {
      throw new SearchMessage(stopWords ? "Those words are too common to search for. Add a more specific word." : "Type a word to search for.")
    }
    if (clauses.every(function (c) { return c.presence === PRESENCE.PROHIBITED })) {
      throw new SearchMessage("Add a word to search for, not only words to leave out.")
    }
    var last = clauses[clauses.length - 1], typingGroup = -1
    if (options.typing && !/\s$/.test(text)) typingGroup = last.group
    if (typingGroup >= 0 && last.plain && last.term.length >= LIMITS.typingMin) {
      clauses.push({
        term: last.term + "*", fields: last.fields, boost: last.boost * 0.5, usePipeline: false,
        wildcard: WILDCARD.TRAILING, presence: PRESENCE.OPTIONAL, group: last.group, typed: true
      })
    }
    return { clauses: clauses, phrases: phrases, notices: notices, text: text, typingGroup: typingGroup }
  }

  /* For plain words the index does not know, add a fuzzy clause (only then: fuzziness would drown good matches). */
  Engine.prototype.addFuzzy = function (prepared, expanded) {
    var added = []
    prepared.clauses.slice().forEach(function (clause, i) {
      if (!clause.plain || clause.typed || clause.group === prepared.typingGroup) return
      if (expanded[i].length || clause.term.length < LIMITS.fuzzyMin || clause.term.length > LIMITS.fuzzyMax) return
      added.push(clause.term)
      prepared.clauses.push({
        term: clause.term, fields: clause.fields, boost: clause.boost * 0.3, usePipeline: true,
        editDistance: clause.term.length >= 8 ? 2 : 1, wildcard: WILDCARD.NONE,
        presence: clause.presence, group: clause.group, fuzzy: true
      })
      if (clause.presence === PRESENCE.REQUIRED) clause.presence = PRESENCE.OPTIONAL
    })
    return added
  }

  /* Category and year of a document, from the manifest's ranges. */
  Engine.prototype.groupOf = function (ref) {
    var groups = this.manifest.groups, n = Number(ref), lo = 0, hi = groups.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (groups[mid][2] <= n) lo = mid + 1
      else hi = mid
    }
    var g = groups[lo - 1]
    return { category: this.manifest.categories[g[0]], year: g[1] }
  }

  Engine.prototype.categories = function () { return this.manifest.categories.slice() }

  Engine.prototype.years = function () {
    var seen = Object.create(null)
    this.manifest.groups.forEach(function (g) { if (g[1] !== null) seen[g[1]] = true })
    return Object.keys(seen).map(Number).sort(function (a, b) { return b - a })
  }

  /*
   * A reader's search. Options: typing, type, category, year, pageSize. Resolves to
   * {results: [{ref, score, terms}], total, notices, phrases, terms} or rejects with a SearchMessage.
   */
  Engine.prototype.search = function (input, options) {
    options = options || {}
    var engine = this, prepared
    return Promise.resolve().then(function () {
      prepared = engine.prepare(input, options)
      return engine.expand(prepared.clauses)
    }).then(function (expanded) {
      var flat = expanded.map(function (perTerm) { return [].concat.apply([], perTerm) })
      var fuzzy = engine.addFuzzy(prepared, flat)
      if (fuzzy.length) {
        prepared.notices.push("No exact match for " + fuzzy.map(function (w) { return "“" + w + "”" }).join(", ") + ": showing similar spellings.")
      }
      return engine.run(prepared.clauses)
    }).then(function (out) {
      var results = out.results.filter(function (r) {
        if (!options.category && !options.year) return true
        var g = engine.groupOf(r.ref)
        return (!options.category || g.category === options.category) && (!options.year || String(g.year) === String(options.year))
      })
      var groups = groupsOf(prepared.clauses, out.expansions)
      results.forEach(function (r) {
        r.terms = Object.keys(r.matchData.metadata)
        r.inTitle = groups.every(function (set) {
          return r.terms.some(function (t) { return set[t] && r.matchData.metadata[t].title })
        })
      })
      results = stableSort(results, function (a, b) { return b.inTitle - a.inTitle })
      return engine.promote(results, prepared, options.pageSize || 10)
    }).then(function (results) {
      return { results: results, total: results.length, notices: prepared.notices, phrases: prepared.phrases, query: prepared.text }
    })
  }

  /* Per word of the query (not the words to leave out), the index terms that match it. */
  function groupsOf (clauses, expansions) {
    var groups = []
    clauses.forEach(function (clause, i) {
      if (clause.presence === PRESENCE.PROHIBITED) return
      var set = groups[clause.group] || (groups[clause.group] = Object.create(null))
      Object.keys(expansions[i]).forEach(function (t) { set[t] = true })
    })
    return groups.filter(Boolean)
  }

  function stableSort (list, compare) {
    return list.map(function (item, i) { return [item, i] }).sort(function (a, b) {
      return compare(a[0], b[0]) || a[1] - b[1]
    }).map(function (pair) { return pair[0] })
  }

  /* Exact headlines first, then documents where each quoted phrase's words are adjacent. */
  Engine.prototype.promote = function (results, prepared, pageSize) {
    var engine = this, window = prepared.phrases.length ? LIMITS.phraseWindow : pageSize
    var head = results.slice(0, window)
    return Promise.all(head.map(function (r) { return engine.fragment(r.ref) })).then(function (fragments) {
      var wanted = normalise(prepared.text)
      head.forEach(function (r, i) {
        r.fragment = fragments[i]
        r.exact = normalise(fragments[i].title) === wanted ? 1 : 0
        r.phrase = prepared.phrases.length && hasPhrases(fragments[i], prepared.phrases) ? 1 : 0
      })
      head = stableSort(head, function (a, b) { return (b.exact - a.exact) || (b.phrase - a.phrase) })
      return head.concat(results.slice(window))
    })
  }

  function normalise (text) {
    return words(String(text).replace(QUOTES, " ")).map(function (w) { return w.text.toLowerCase().replace(/^\W+|\W+$/g, "") }).filter(Boolean).join(" ")
  }

  function hasPhrases (fragment, phrases) {
    var stems = words(fragment.title + " \u0000 " + fragment.text).map(function (w) {
      return analyse(w.text) || "\u0000" + w.text.toLowerCase()
    })
    return phrases.every(function (phrase) {
      outer: for (var i = 0; i + phrase.length <= stems.length; i++) {
        for (var j = 0; j < phrase.length; j++) if (stems[i + j] !== phrase[j]) continue outer
        return true
      }
      return false
    })
  }

  /*
   * Pieces of `text` for display: [{text, hit}] where hit marks words whose index term is one
   * of `terms`. With `size`, the window of that many words holding the most matched terms.
   */
  function highlight (text, terms, size) {
    var set = Object.create(null), cache = Object.create(null)
    terms.forEach(function (t) { set[t] = true })
    var list = words(text)
    list.forEach(function (w) {
      var key = w.text.toLowerCase()
      if (!(key in cache)) cache[key] = !!set[analyse(key)]
      w.hit = cache[key]
    })
    var from = 0, to = list.length
    if (size && list.length > size) {
      var best = -1
      for (var i = 0; i + size <= list.length; i += Math.max(1, size >> 2)) {
        var seen = Object.create(null), score = 0
        for (var j = i; j < i + size; j++) {
          if (list[j].hit) { score += seen[list[j].text.toLowerCase()] ? 1 : 10; seen[list[j].text.toLowerCase()] = true }
        }
        if (score > best) { best = score; from = i }
      }
      to = from + size
    }
    var pieces = [], cursor = from < list.length ? list[from].start : text.length
    if (from > 0) pieces.push({ text: "… ", hit: false })
    for (var k = from; k < Math.min(to, list.length); k++) {
      if (list[k].start > cursor) pieces.push({ text: text.slice(cursor, list[k].start), hit: false })
      pieces.push({ text: list[k].text, hit: list[k].hit })
      cursor = list[k].end
    }
    if (to < list.length) pieces.push({ text: " …", hit: false })
    return pieces
  }

  return {
    Engine: Engine,
    SearchMessage: SearchMessage,
    highlight: highlight,
    analyse: analyse,
    LIMITS: LIMITS,
    open: Engine.open
  }
})
