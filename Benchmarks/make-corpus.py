#!/usr/bin/env python3
"""Generate the build-speed benchmark corpus.

Writes, under OUT:

  Content/page-0001.md ...      N Markdown pages of about 8 KB each, with YAML front matter
  Templates/page.mustache       a minimal sitegen layout (doctype, title, content)
  Templates/assets/style.css    one small asset, so the asset copy is exercised
  hugo/                         the same pages as a Hugo site with an equally minimal layout
  hugo-sidebar/                 the same pages as a Hugo site with a layout like the project's
                                Templates/: header, a sidebar partial listing every page (cached
                                with partialCached), a table of contents, previous/next, footer

The pages read like technical documentation: ## and ### headings, paragraphs with *emphasis*,
**strong** text and `code`, links to other pages of the corpus and to their headings' anchors,
bulleted and numbered lists, fenced Python code blocks and a blockquote. There are no GFM
tables, since core CommonMark (and so the cmark CLI) has none, and no raw HTML.

Every link inside the corpus is valid: it names an existing page and, when it has a fragment,
a heading of that page. Headings are plain words separated by single spaces and unique within
their page, so every usual slug algorithm (lowercase, spaces to hyphens) gives the same id.

Standard library only; the output depends only on the arguments (fixed default seed).
"""

import argparse
import random
import shutil
from pathlib import Path

# --------------------------------------------------------------------------------------------
# Vocabulary. Heading words are lowercase ASCII letters only (see the module docstring).

NOUNS = [
    "cache", "parser", "scheduler", "index", "manifest", "renderer", "template", "layout",
    "asset pipeline", "link checker", "dependency graph", "build graph", "front matter",
    "output directory", "content tree", "worker pool", "file watcher", "slug table",
    "navigation", "configuration", "plugin host", "resolver", "serializer", "hash table",
    "input queue", "string buffer", "page model", "site map", "anchor table", "lock file",
    "release build", "test suite", "error report", "log stream", "metadata store",
]
PLURALS = {
    "cache": "caches", "index": "indexes", "navigation": "navigation",
    "configuration": "configurations", "front matter": "front matter",
}
GERUNDS = [
    "configuring", "tuning", "debugging", "profiling", "extending", "testing", "caching",
    "validating", "rendering", "parsing", "scheduling", "indexing", "migrating", "measuring",
    "replacing", "splitting", "sharing", "invalidating", "streaming", "serializing",
]
ADJECTIVES = [
    "incremental", "parallel", "deterministic", "lazy", "eager", "shared", "private",
    "stale", "fresh", "partial", "nested", "relative", "absolute", "minimal", "verbose",
    "strict", "lenient", "cold", "warm", "large", "small", "hidden", "public",
]
VERBS_3 = [
    "reads", "writes", "rebuilds", "skips", "validates", "rewrites", "collects", "sorts",
    "hashes", "copies", "renders", "resolves", "reports", "buffers", "splits", "merges",
]
ADVERBS = [
    "quickly", "once", "lazily", "eagerly", "in order", "in parallel", "on demand",
    "at startup", "before rendering", "after parsing", "for every page", "only when needed",
]
CONCERNS = [
    "performance", "correctness", "memory use", "startup time", "portability",
    "error messages", "reproducibility", "observability", "thread safety", "latency",
]
PEOPLE = ["an author", "a reviewer", "the maintainer", "a contributor", "the reader", "a new user"]
IDENTS = [
    "page_count", "root_dir", "out_dir", "slug", "anchor", "manifest", "entries", "digest",
    "template", "context", "nav_items", "front_matter", "body", "html", "links", "errors",
    "worker_count", "chunk", "offset", "buffer", "source_path", "target_path", "cache_key",
]
FUNCS = [
    "load_manifest", "render_page", "resolve_link", "slugify", "collect_pages", "write_output",
    "parse_front_matter", "check_anchors", "hash_file", "copy_assets", "build_nav",
    "split_sections", "merge_results", "read_config", "scan_content", "sort_pages",
]
FILES = [
    "site.yml", "page.mustache", "index.md", "assets/style.css", "Content/guide.md",
    "Templates/page.mustache", "build.log", "manifest.json", "Package.swift",
]
COMMANDS = [
    "sitegen build --root site --out public", "swift build -c release", "sitegen check",
    "python3 -m http.server", "ls -la public", "git status", "du -sh public",
]
EXTERNAL = [
    "https://spec.commonmark.org/0.30/", "https://mustache.github.io/mustache.5.html",
    "https://yaml.org/spec/1.2.2/", "https://www.swift.org/documentation/",
    "https://example.com/docs/caching", "https://example.org/blog/static-sites",
]


def plural(noun):
    if noun in PLURALS:
        return PLURALS[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def base_form(verb):
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("shes", "ches", "xes", "sses")):
        return verb[:-2]
    return verb[:-1]


def article(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


def cap(text):
    return text[:1].upper() + text[1:]


def slug(heading):
    return heading.lower().replace(" ", "-")


# --------------------------------------------------------------------------------------------
# Structure: every page has a title and a fixed outline of headings, generated for all pages
# first so that links can point at any heading of any page.

HEADING_FORMS = [
    lambda r: f"{cap(r.choice(GERUNDS))} the {r.choice(NOUNS)}",
    lambda r: f"{cap(r.choice(ADJECTIVES))} {plural(r.choice(NOUNS))}",
    lambda r: f"How the {r.choice(NOUNS)} {r.choice(VERBS_3)} {plural(r.choice(NOUNS))}",
    lambda r: f"When the {r.choice(NOUNS)} is {r.choice(ADJECTIVES)}",
    lambda r: f"{cap(r.choice(CONCERNS))} of the {r.choice(NOUNS)}",
    lambda r: f"{cap(r.choice(NOUNS))} and {r.choice(CONCERNS)}",
    lambda r: f"Why {r.choice(ADJECTIVES)} {plural(r.choice(NOUNS))} matter",
]


class Page:
    def __init__(self, number, rng):
        self.number = number
        self.name = f"page-{number:04d}.md"
        self.title = f"{cap(rng.choice(GERUNDS))} the {rng.choice(NOUNS)}"
        self.summary = (f"How the {rng.choice(NOUNS)} {rng.choice(VERBS_3)} "
                        f"{plural(rng.choice(NOUNS))} {rng.choice(ADVERBS)}, "
                        f"and what that means for {rng.choice(CONCERNS)}.")
        # outline: list of (level, text); 4-6 sections, each with 0-2 subsections
        self.outline = []
        used = set()

        def fresh():
            while True:
                text = rng.choice(HEADING_FORMS)(rng)
                if slug(text) not in used:
                    used.add(slug(text))
                    return text

        for _ in range(rng.randint(4, 6)):
            self.outline.append((2, fresh()))
            for _ in range(rng.choice((0, 1, 1, 2))):
                self.outline.append((3, fresh()))


# --------------------------------------------------------------------------------------------
# Inline and block generators.

class Writer:
    def __init__(self, pages, page, rng):
        self.pages = pages
        self.page = page
        self.rng = rng

    # inline -----------------------------------------------------------------------------

    def other_page(self):
        r = self.rng
        while True:
            other = r.choice(self.pages)
            if other is not self.page or len(self.pages) == 1:
                return other

    def link(self):
        r = self.rng
        roll = r.random()
        if roll < 0.45:
            other = self.other_page()
            level, text = r.choice(other.outline)
            return f"[{text.lower()}]({other.name}#{slug(text)})"
        if roll < 0.75:
            other = self.other_page()
            return f"[{other.title.lower()}]({other.name})"
        if roll < 0.88:
            level, text = r.choice(self.page.outline)
            return f"[{text.lower()}](#{slug(text)})"
        return f"[{r.choice(['the specification', 'the reference', 'this write-up', 'the manual'])}]({r.choice(EXTERNAL)})"

    def code(self):
        r = self.rng
        roll = r.random()
        if roll < 0.4:
            return f"`{r.choice(IDENTS)}`"
        if roll < 0.65:
            return f"`{r.choice(FUNCS)}()`"
        if roll < 0.85:
            return f"`{r.choice(FILES)}`"
        return f"`{r.choice(COMMANDS)}`"

    def noun_phrase(self):
        r = self.rng
        roll = r.random()
        if roll < 0.15:
            return f"the *{r.choice(ADJECTIVES)}* {r.choice(NOUNS)}"
        if roll < 0.25:
            return f"the {r.choice(NOUNS)} ({self.code()})"
        return f"the {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"

    def sentence(self):
        r = self.rng
        forms = [
            lambda: f"{cap(self.noun_phrase())} {r.choice(VERBS_3)} {plural(r.choice(NOUNS))} {r.choice(ADVERBS)}.",
            lambda: f"When {r.choice(PEOPLE)} changes {self.code()}, {self.noun_phrase()} {r.choice(VERBS_3)} only the affected {plural(r.choice(NOUNS))}.",
            lambda: f"This keeps {r.choice(CONCERNS)} predictable, which matters more than raw speed for {r.choice(PEOPLE)}.",
            lambda: f"See {self.link()} for the details of how {self.noun_phrase()} {r.choice(VERBS_3)} its input.",
            lambda: f"In practice {self.code()} is called {r.choice(ADVERBS)}, so its cost is *amortised* across the build.",
            lambda: f"The {r.choice(NOUNS)} never {r.choice(VERBS_3)} {plural(r.choice(NOUNS))} twice; the result is kept in {self.code()}.",
            lambda: f"**Note that** {self.noun_phrase()} is {r.choice(ADJECTIVES)} by default, and {self.link()} explains why.",
            lambda: f"If {self.code()} is missing, the build stops with an error that names the file and the line.",
            lambda: f"{cap(article(r.choice(ADJECTIVES)))} {r.choice(NOUNS)} trades {r.choice(CONCERNS)} for {r.choice(CONCERNS)} — a choice that {self.link()} discusses at length.",
            lambda: f"Each entry of {self.code()} maps a path to a digest, and the {r.choice(NOUNS)} compares digests before doing any work.",
            lambda: f"Small sites never notice, but a site with thousands of pages does, mostly in {r.choice(CONCERNS)}.",
            lambda: f"The order is stable: pages are sorted by `order`, then by title, so two builds of the same input give byte-identical {plural(r.choice(NOUNS))}.",
            lambda: f"Compared with {self.noun_phrase()}, {self.noun_phrase()} does less work but needs more {r.choice(CONCERNS)} testing.",
            lambda: f"{cap(r.choice(PEOPLE))} rarely touches {self.code()} directly; {self.link()} is the usual entry point.",
            lambda: f"Because {plural(r.choice(NOUNS))} are {r.choice(ADJECTIVES)}, the {r.choice(NOUNS)} can {base_form(r.choice(VERBS_3))} them {r.choice(ADVERBS)} without a lock.",
        ]
        return r.choice(forms)()

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    # blocks -------------------------------------------------------------------------------

    def bullets(self):
        r = self.rng
        items = []
        for _ in range(r.randint(3, 6)):
            roll = r.random()
            if roll < 0.3:
                items.append(f"- {self.code()} — {r.choice(VERBS_3)} the {r.choice(NOUNS)} {r.choice(ADVERBS)}.")
            elif roll < 0.55:
                items.append(f"- {cap(self.noun_phrase())}, see {self.link()}.")
            elif roll < 0.75:
                text = self.sentence()
                items.append(f"- *{cap(r.choice(CONCERNS))}*: {text[0].lower()}{text[1:]}")
            else:
                items.append(f"- {self.sentence()}")
        return "\n".join(items)

    def numbered(self):
        r = self.rng
        steps = []
        for i in range(1, r.randint(3, 6) + 1):
            roll = r.random()
            if roll < 0.35:
                steps.append(f"{i}. Run `{r.choice(COMMANDS)}` and check that it exits with status 0.")
            elif roll < 0.6:
                steps.append(f"{i}. Open {self.code()} and set `{r.choice(IDENTS)}` to {article(r.choice(ADJECTIVES))} value.")
            elif roll < 0.8:
                steps.append(f"{i}. Compare the output with {self.link()}.")
            else:
                steps.append(f"{i}. {self.sentence()}")
        return "\n".join(steps)

    def blockquote(self):
        r = self.rng
        lines = [f"**{r.choice(['Note', 'Warning', 'Tip', 'Important'])}:** {self.sentence()}",
                 self.sentence(), self.sentence()]
        return "\n".join("> " + line for line in lines)

    def code_block(self):
        r = self.rng
        f1, f2 = r.sample(FUNCS, 2)
        a, b, c = r.sample(IDENTS, 3)
        noun = r.choice(NOUNS).replace(" ", "_")
        n = r.randint(2, 64)
        bodies = [
            f'''def {f1}({a}: str) -> dict[str, int]:
    """Read the {noun} and return its entries."""
    {b} = {{}}
    with open({a}, encoding="utf-8") as handle:
        for line in handle:
            key, _, value = line.partition("=")
            if key.strip():
                {b}[key.strip()] = int(value or 0)
    return {b}''',
            f'''import hashlib
from pathlib import Path


def {f1}({a}: Path, {b}: int = {n} * 1024) -> str:
    digest = hashlib.sha256()
    with {a}.open("rb") as stream:
        while {c} := stream.read({b}):
            digest.update({c})
    return digest.hexdigest()''',
            f'''class {cap(noun.replace("_", " ")).title().replace(" ", "")}:
    def __init__(self, {a}, {b}=None):
        self.{a} = {a}
        self.{b} = {b} or []

    def {f1}(self):
        for index, item in enumerate(self.{b}):
            if item is None:
                raise ValueError(f"missing item {{index}} in {{self.{a}!r}}")
            yield {f2}(item)''',
            f'''from concurrent.futures import ThreadPoolExecutor


def {f1}({a}, {b}={n % 8 + 1}):
    with ThreadPoolExecutor(max_workers={b}) as pool:
        {c} = list(pool.map({f2}, {a}))
    return sorted({c}, key=lambda page: (page.order, page.title))''',
            f'''import re

_{noun.upper()} = re.compile(r"[^a-z0-9]+")


def {f1}({a}: str) -> str:
    # lowercase, then collapse everything else into single hyphens
    {b} = _{noun.upper()}.sub("-", {a}.lower()).strip("-")
    return {b} or "section"''',
            f'''def {f1}({a}, {b}):
    {c} = []
    for source, target in {a}.items():
        page, _, fragment = target.partition("#")
        if page not in {b}:
            {c}.append(f"{{source}}: unknown page {{page}}")
        elif fragment and fragment not in {b}[page]:
            {c}.append(f"{{source}}: unknown anchor #{{fragment}}")
    return {c}''',
        ]
        return "```python\n" + r.choice(bodies) + "\n```"

    # page -----------------------------------------------------------------------------------

    def render(self, target_bytes):
        r = self.rng
        p = self.page
        out = [
            "---",
            f'title: "{p.title}"',
            f"order: {p.number}",
            f'summary: "{p.summary}"',
            "---",
            "",
            self.paragraph(3, 5),
            "",
            self.paragraph(2, 4),
            "",
        ]
        size = len("\n".join(out).encode()) + 1
        # Sections are filled against a cumulative budget, so a long section early on is paid
        # back by shorter ones later; room is left for the closing "see also" list.
        start = size
        body_budget = max(0, target_bytes - start - 800)
        quote_at = r.randrange(len(p.outline))
        # block kinds that each page shows at least once, spread over its sections
        must = ["code", "bullets", "numbered", "code"]
        r.shuffle(must)
        for index, (level, text) in enumerate(p.outline):
            section = ["#" * level + " " + text, "", self.paragraph(2, 4), ""]
            if index == quote_at:
                section += [self.blockquote(), ""]
            if must and r.random() < 0.7:
                section += [self.block(must.pop()), ""]
            goal = start + body_budget * (index + 1) / len(p.outline)
            while size + len("\n".join(section).encode()) + 1 < goal:
                kind = r.choice(["para", "para", "para", "bullets", "numbered", "code"])
                section += [self.block(kind), ""]
            out += section
            size = len("\n".join(out).encode()) + 1
        for kind in must:  # the rare page whose sections all skipped a required block
            out += [self.block(kind), ""]
        related = sorted({self.other_page().number for _ in range(4)})
        out += ["## See also", ""]  # no outline heading can read "See also"
        for number in related:
            other = self.pages[number - 1]
            out.append(f"- [{other.title}]({other.name}): {other.summary[0].lower()}{other.summary[1:]}")
        return "\n".join(out) + "\n"

    def block(self, kind):
        return {
            "para": self.paragraph,
            "bullets": self.bullets,
            "numbered": self.numbered,
            "code": self.code_block,
        }[kind]()


# --------------------------------------------------------------------------------------------
# Layouts: the sitegen one and the Hugo one render the same thing (doctype, title, content).

SITEGEN_LAYOUT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{title}}</title>
</head>
<body>
<h1>{{title}}</h1>
{{{content}}}
</body>
</html>
"""

HUGO_SINGLE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }}</title>
</head>
<body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</body>
</html>
"""

# The home page (Hugo always renders one); deliberately no listing of all the pages.
HUGO_LIST = HUGO_SINGLE

HUGO_CONFIG = """# Minimal Hugo site for the build-speed benchmark: same pages, minimal layout,
# no syntax highlighting, no taxonomies / feeds / sitemap / 404 / robots.txt.
baseURL = "https://example.org/"
title = "sitegen benchmark corpus"
languageCode = "en"
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "robotsTXT"]

[markup.highlight]
codeFences = false

[markup.goldmark.renderer]
unsafe = true
"""

# The real-layout comparison: what the project's Templates/ show, in Hugo's idiom. The sidebar lists
# every page and is rendered once (partialCached), as a Hugo theme would; the table of contents
# (levels 2 and 3, like sitegen's) appears twice, inline and in a side column, as in page.mustache.
HUGO_SIDEBAR_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header"><a class="brand" href="{{ "index.html" | relURL }}">{{ .Site.Title }}</a></header>
<div class="layout has-toc">
  <aside class="sidebar">
    <p class="nav-heading">Chapters</p>
    {{ partialCached "sidebar.html" . }}
  </aside>
  <main id="content" tabindex="-1">
    <article>
      <header class="page-header">
        <h1>{{ .Title }}</h1>
        {{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
      </header>
      <details class="toc-inline"><summary>On this page</summary>{{ .TableOfContents }}</details>
      <div class="prose">
{{ .Content }}
      </div>
    </article>
    <nav class="pager" aria-label="Previous and next chapter">
      {{ with .PrevInSection }}<a class="prev" href="{{ .RelPermalink }}" rel="prev">← {{ .Title }}</a>{{ end }}
      {{ with .NextInSection }}<a class="next" href="{{ .RelPermalink }}" rel="next">{{ .Title }} →</a>{{ end }}
    </nav>
  </main>
  <aside class="toc-side"><p class="nav-heading">On this page</p>{{ .TableOfContents }}</aside>
</div>
<footer class="site-footer"><p>This page was generated from <code>{{ .File.Path }}</code> by Hugo.</p></footer>
</body>
</html>
"""

HUGO_SIDEBAR_PARTIAL = """<nav class="site-nav" aria-label="Chapters">
  <ol>
    {{ range .Site.RegularPages }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{ end }}
  </ol>
</nav>
"""

HUGO_SIDEBAR_CONFIG = HUGO_CONFIG.replace("minimal layout", "a layout like the project's Templates/") + """
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

STYLE = """body { max-width: 42rem; margin: 2rem auto; font-family: sans-serif; line-height: 1.5; }
pre { overflow-x: auto; background: #f6f6f6; padding: 0.75rem; }
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output directory (replaced if it exists)")
    parser.add_argument("--pages", type=int, default=1000, help="number of pages (default 1000)")
    parser.add_argument("--page-bytes", type=int, default=8192, help="approximate size of a page (default 8192)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed (default fixed)")
    args = parser.parse_args()
    if args.pages < 1:
        parser.error("--pages must be at least 1")

    out = args.out
    if out.exists():
        shutil.rmtree(out)

    pages = [Page(n, random.Random(f"{args.seed}-outline-{n}")) for n in range(1, args.pages + 1)]
    total = 0
    for page in pages:
        text = Writer(pages, page, random.Random(f"{args.seed}-body-{page.number}")).render(args.page_bytes)
        write(out / "Content" / page.name, text)
        write(out / "hugo" / "content" / page.name, text)
        write(out / "hugo-sidebar" / "content" / page.name, text)
        total += len(text.encode())

    write(out / "Templates" / "page.mustache", SITEGEN_LAYOUT)
    write(out / "Templates" / "assets" / "style.css", STYLE)
    write(out / "hugo" / "hugo.toml", HUGO_CONFIG)
    write(out / "hugo" / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    write(out / "hugo" / "layouts" / "_default" / "list.html", HUGO_LIST)
    write(out / "hugo" / "static" / "assets" / "style.css", STYLE)
    write(out / "hugo-sidebar" / "hugo.toml", HUGO_SIDEBAR_CONFIG)
    write(out / "hugo-sidebar" / "layouts" / "_default" / "single.html", HUGO_SIDEBAR_BASEOF)
    write(out / "hugo-sidebar" / "layouts" / "_default" / "list.html", HUGO_SIDEBAR_BASEOF)
    write(out / "hugo-sidebar" / "layouts" / "partials" / "sidebar.html", HUGO_SIDEBAR_PARTIAL)
    write(out / "hugo-sidebar" / "static" / "assets" / "style.css", STYLE)

    print(f"{out}: {len(pages)} pages, {total} bytes of Markdown "
          f"({total / len(pages) / 1024:.1f} KiB per page on average)")


if __name__ == "__main__":
    main()
