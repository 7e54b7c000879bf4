/*
 * The search page: reads the query from the URL (search.html?q=...), searches as the reader
 * types, shows ranked results with highlighted words, keeps the URL in step, and announces what
 * happened in a live region. Seed text only ever reaches the page as text nodes.
 * The engine is theme/static/js/search-engine.js; the index is built by newsarchive/site/search.py.
 */
(function () {
  "use strict"

  var root = document.getElementById("search")
  if (!root) return
  var form = document.getElementById("search-form")
  var input = document.getElementById("search-q")
  var status = document.getElementById("search-status")
  var list = document.getElementById("search-results")
  var more = document.getElementById("search-more")
  var filters = {
    category: document.getElementById("search-category"),
    year: document.getElementById("search-year"),
    type: document.getElementById("search-type")
  }
  var siteUrl = root.getAttribute("data-site-url") || "/"
  var PAGE = 10, SNIPPET_WORDS = 36, DELAY = 120

  var engine = null, sequence = 0, timer = 0, current = null, shown = 0

  function say (message, notices) {
    status.textContent = message
    ;(notices || []).forEach(function (notice) {
      var span = document.createElement("span")
      span.className = "notice"
      span.textContent = notice
      status.appendChild(span)
    })
  }

  function clearResults () {
    while (list.firstChild) list.removeChild(list.firstChild)
    more.hidden = true
    current = null
    shown = 0
  }

  function loadJSON (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status)
      return response.json()
    })
  }

  /* Append text to `parent`, with the matched words in <mark>. */
  function appendHighlighted (parent, text, terms, size) {
    window.NewsSearch.highlight(text, terms, size).forEach(function (piece) {
      if (piece.hit) {
        var mark = document.createElement("mark")
        mark.textContent = piece.text
        parent.appendChild(mark)
      } else {
        parent.appendChild(document.createTextNode(piece.text))
      }
    })
  }

  function safeHref (url) {
    var href = String(url || "")
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.slice(0, 2) === "//") return "#"
    return siteUrl + href.replace(/^\/+/, "")
  }

  function renderResult (result) {
    var fragment = result.fragment
    var item = document.createElement("li")
    var article = document.createElement("article")
    article.className = "teaser search-result"
    var heading = document.createElement("h2")
    heading.className = "teaser-title"
    var link = document.createElement("a")
    link.href = safeHref(fragment.url)
    appendHighlighted(link, fragment.title, result.terms)
    heading.appendChild(link)
    article.appendChild(heading)

    var meta = document.createElement("p")
    meta.className = "meta"
    var parts = []
    if (fragment.date) {
      var time = document.createElement("time")
      time.setAttribute("datetime", fragment.date)
      time.textContent = fragment.day || fragment.date.slice(0, 10)
      parts.push(time)
    }
    if (fragment.source) parts.push(document.createTextNode(fragment.source))
    if (fragment.category) parts.push(document.createTextNode(fragment.category))
    parts.forEach(function (part, i) {
      if (i) meta.appendChild(document.createTextNode(" · "))
      meta.appendChild(part)
    })
    article.appendChild(meta)

    var snippet = document.createElement("p")
    snippet.className = "snippet"
    appendHighlighted(snippet, fragment.text, result.terms, SNIPPET_WORDS)
    article.appendChild(snippet)
    item.appendChild(article)
    return item
  }

  /* Show the next page of results, fetching their fragments first. */
  function showMore (mine) {
    var page = current.results.slice(shown, shown + PAGE)
    return Promise.all(page.map(function (r) {
      return r.fragment ? r.fragment : engine.fragment(r.ref).then(function (f) { r.fragment = f; return f })
    })).then(function () {
      if (mine !== sequence) return
      page.forEach(function (r) { list.appendChild(renderResult(r)) })
      shown += page.length
      more.hidden = shown >= current.results.length
    })
  }

  function describe (out) {
    var n = out.results.length
    var what = "“" + out.query.trim() + "”"
    if (!n) return "No stories found for " + what + "."
    return (n === 1 ? "1 story" : n.toLocaleString("en") + " stories") + " found for " + what + "."
  }

  function options (typing) {
    return {
      typing: typing,
      category: filters.category.value,
      year: filters.year.value,
      type: filters.type.value,
      pageSize: PAGE
    }
  }

  function updateUrl () {
    var params = new URLSearchParams()
    if (input.value) params.set("q", input.value)
    Object.keys(filters).forEach(function (key) { if (filters[key].value) params.set(key, filters[key].value) })
    var query = params.toString()
    try {
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""))
    } catch (error) { /* a file:// page may refuse; the search still works */ }
  }

  function run (typing) {
    window.clearTimeout(timer)
    var mine = ++sequence
    updateUrl()
    if (!engine) return
    if (!input.value.trim()) {
      clearResults()
      say("")
      return
    }
    engine.search(input.value, options(typing)).then(function (out) {
      if (mine !== sequence) return
      clearResults()
      current = out
      say(describe(out), out.notices)
      return showMore(mine)
    }).catch(function (error) {
      if (mine !== sequence) return
      clearResults()
      if (error instanceof window.NewsSearch.SearchMessage) say(error.message)
      else say("The search could not be completed (" + (error && error.message || "unknown error") + "). Please try again.")
    })
  }

  function links () {
    return Array.prototype.slice.call(list.querySelectorAll("h2 a"))
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer)
    timer = window.setTimeout(function () { run(true) }, DELAY)
  })
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault()
      links()[0].focus()
    } else if (event.key === "Escape" && input.value) {
      input.value = ""
      run(false)
    }
  })
  list.addEventListener("keydown", function (event) {
    var all = links(), i = all.indexOf(document.activeElement)
    if (i < 0) return
    var next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: all.length - 1 }[event.key]
    if (event.key === "Escape" || next === -1) {
      event.preventDefault()
      input.focus()
    } else if (next !== undefined && all[next]) {
      event.preventDefault()
      all[next].focus()
    }
  })
  form.addEventListener("submit", function (event) {
    event.preventDefault()
    run(false)
  })
  Object.keys(filters).forEach(function (key) {
    filters[key].addEventListener("change", function () { run(false) })
  })
  more.addEventListener("click", function () {
    var mine = sequence, before = shown
    showMore(mine).then(function () {
      var all = links()
      if (all[before]) all[before].focus()
    }).catch(function () { say("More results could not be loaded. Please try again.") })
  })

  function addOptions (select, values, labels) {
    values.forEach(function (value, i) {
      var option = document.createElement("option")
      option.value = String(value)
      option.textContent = labels ? labels[i] : String(value)
      select.appendChild(option)
    })
  }

  var params = new URLSearchParams(window.location.search)
  input.value = params.get("q") || ""

  if (!window.lunr || !window.NewsSearch) {
    say("Search could not start: its scripts did not load.")
    return
  }
  window.NewsSearch.open(root.getAttribute("data-search-index") || siteUrl + "search/", loadJSON).then(function (opened) {
    engine = opened
    addOptions(filters.category, engine.categories().filter(Boolean))
    addOptions(filters.year, engine.years())
    Object.keys(filters).forEach(function (key) {
      var wanted = params.get(key)
      if (wanted && Array.prototype.some.call(filters[key].options, function (o) { return o.value === wanted })) {
        filters[key].value = wanted
      }
    })
    if (input.value.trim()) run(false)
  }).catch(function () {
    say("Search is not available right now: its index could not be loaded.")
  })
})()
