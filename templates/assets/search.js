// 站内搜索 results, drawn from the Pagefind indexes in /pagefind/<section>/ (one per year, a big
// year in parts such as 2024-1, 2024-2; written by the build, src/search.ts). The form is a plain
// GET form: this script reads ?q=&column=&year=&sort= from the address, asks Pagefind, and lists
// title, 栏目 and date. Text is set with textContent only; the excerpt's <mark> highlights are
// rebuilt as elements, never parsed as HTML.
(function () {
  "use strict";
  var section = document.querySelector(".search-page");
  if (!section) return;
  var form = section.querySelector(".search-form");
  var status = section.querySelector(".search-status");
  var list = section.querySelector(".search-results");
  var more = section.querySelector(".search-more");
  var base = section.getAttribute("data-base") || "/";
  var bundle = section.getAttribute("data-bundle") || "/pagefind/";
  // The search indexes (years, or parts of a big year such as 2024-2), newest first.
  var indexes = (section.getAttribute("data-sections") || "").split(" ").filter(Boolean);
  // A 关怀版 page keeps the reader in 关怀版: result links point into /care/ as well (src/care.ts).
  var care = document.documentElement.classList.contains("care");
  var PAGE_SIZE = 10;

  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var filters = {};
  [["column", "栏目"], ["year", "年份"]].forEach(function (pair) {
    var value = params.get(pair[0]);
    if (value) filters[pair[1]] = value;
  });
  var sortParam = params.get("sort");
  var sort = sortParam === "newest" ? { date: "desc" } : sortParam === "oldest" ? { date: "asc" } : undefined;
  ["q", "column", "year", "sort"].forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field && params.get(name)) field.value = params.get(name);
  });
  // The header's search box shows the query too.
  var headerBox = document.getElementById("site-search-q");
  if (headerBox && query) headerBox.value = query;
  // The 关怀版 switch (and the way back) keeps the search: the same results in the other mode.
  var careSwitch = document.querySelector(".care-switch a");
  if (careSwitch && window.location.search) careSwitch.setAttribute("href", careSwitch.getAttribute("href").split(/[?#]/)[0] + window.location.search);

  function say(text) { status.textContent = text; }

  function pageUrl(url) {
    if (!care || url.indexOf(base) !== 0) return url;
    return base + "care/" + url.slice(base.length);
  }

  function excerptNodes(excerpt) {
    var fragment = document.createDocumentFragment();
    excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      var text = decode(marked ? marked[1] : part);
      if (!text) return;
      if (marked) {
        var mark = document.createElement("mark");
        mark.textContent = text;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(text));
      }
    });
    return fragment;
  }

  // Pagefind escapes the page text it returns; turn its entities back into characters for textContent.
  function decode(text) {
    return text.replace(/&(lt|gt|quot|#39|#x27|amp);/g, function (whole, name) {
      return { lt: "<", gt: ">", quot: "\"", "#39": "'", "#x27": "'", amp: "&" }[name];
    });
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = pageUrl(data.url);
    link.textContent = data.meta && data.meta.title ? data.meta.title : data.url;
    var heading = document.createElement("h2");
    heading.className = "result-title";
    heading.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    var column = data.filters && data.filters["栏目"] && data.filters["栏目"][0];
    if (column) {
      var columnSpan = document.createElement("span");
      columnSpan.textContent = "栏目：" + column;
      meta.appendChild(columnSpan);
    }
    if (data.meta && data.meta.date) {
      var time = document.createElement("time");
      time.dateTime = data.meta.date;
      time.textContent = "发布时间：" + data.meta.date;
      meta.appendChild(time);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "result-excerpt";
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    li.appendChild(heading);
    li.appendChild(meta);
    li.appendChild(excerpt);
    return li;
  }

  function describe(count) {
    var scope = [filters["栏目"] ? "栏目“" + filters["栏目"] + "”" : "", filters["年份"] ? filters["年份"] + "年" : ""].filter(Boolean).join("、");
    var what = query ? "与“" + query + "”相关的文章" : "文章";
    if (count === 0) return (scope ? "在" + scope + "中" : "") + "没有找到" + what + "。请换个关键词，或查看网站地图。";
    return (scope ? "在" + scope + "中" : "") + "找到" + what + " " + count + " 篇。";
  }

  async function run() {
    if (!query && Object.keys(filters).length === 0) {
      say("请输入关键词。");
      return;
    }
    say("正在搜索……");
    // A chosen year needs only its own indexes; otherwise the newest index is loaded and the others
    // are merged into it (one WebAssembly module, their results ranked together).
    var year = filters["年份"];
    var wanted = year ? indexes.filter(function (name) { return name === year || name.indexOf(year + "-") === 0; }) : indexes;
    if (wanted.length === 0) {
      say(describe(0));
      return;
    }
    // Only the indexes that are there: one missing (npm start indexes once, so a year that appears
    // later has none) must not take the others' results with it.
    var present = await Promise.all(wanted.map(function (name) {
      return fetch(bundle + name + "/pagefind-entry.json").then(function (response) { return response.ok; }, function () { return false; });
    }));
    wanted = wanted.filter(function (name, index) { return present[index]; });
    if (wanted.length === 0) {
      say("搜索暂时不可用：站内搜索的索引没有找到。");
      return;
    }
    var pagefind;
    try {
      pagefind = await import(bundle + wanted[0] + "/pagefind.js");
      await pagefind.options({ baseUrl: base, excerptLength: 40 });
      await Promise.all(wanted.slice(1).map(function (name) {
        return pagefind.mergeIndex(bundle + name + "/", { baseUrl: base, excerptLength: 40 });
      }));
    } catch (error) {
      say("搜索暂时不可用：站内搜索的索引没有找到。");
      return;
    }
    // Results not yet listed, and (sorting by date over several indexes) the indexes not yet asked:
    // each index orders only its own articles, so the sections are walked in date order, one
    // search each, narrowed to the section by its 分卷 filter.
    var pending = [];
    var indexesToAsk = [];
    var total;
    try {
      if (sort && wanted.length > 1) {
        total = (await pagefind.search(query || null, { filters: filters })).results.length;
        indexesToAsk = sortParam === "newest" ? wanted.slice() : wanted.slice().reverse();
      } else {
        pending = (await pagefind.search(query || null, { filters: filters, sort: sort })).results;
        total = pending.length;
      }
    } catch (error) {
      say("搜索暂时不可用，请稍后再试，或查看网站地图。");
      return;
    }
    async function take(count) {
      while (pending.length < count && indexesToAsk.length > 0) {
        var scoped = Object.assign({}, filters, { "分卷": indexesToAsk.shift() });
        pending = pending.concat((await pagefind.search(query || null, { filters: scoped, sort: sort })).results);
      }
      return pending.splice(0, count);
    }
    var shown = 0;
    async function showMore() {
      var next = await take(PAGE_SIZE);
      shown += next.length;
      var data = await Promise.all(next.map(function (result) { return result.data(); }));
      data.forEach(function (entry) { list.appendChild(item(entry)); });
      more.hidden = shown >= total;
    }
    more.addEventListener("click", function () {
      var first = shown;
      showMore().then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      }, function () {
        say("搜索暂时不可用，请稍后再试，或查看网站地图。");
      });
    });
    try {
      await showMore();
    } catch (error) {
      say("搜索暂时不可用，请稍后再试，或查看网站地图。");
      return;
    }
    // Said once the first results are listed, so a screen reader announces a list that is there.
    say(describe(total));
  }

  run();
})();
