"""The synthetic roadmaps the benchmarks build: the same N stages in roadsmith's,
Zola's, mdBook's and Hugo's layouts. bench.py times builds of them, serve_bench.py saves
in them."""

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def stage_markdown(i, n):
    prev_link = f"[the previous stage](stage-{i - 1:05}.md)" if i > 0 else "the start"
    return f"""Stage {i} of {n} builds on {prev_link} and prepares the next one.

## Topics

- Models and fields for stage {i}: `CharField`, `ForeignKey`, `ManyToManyField`
- Query optimisation with `select_related()` and `prefetch_related()`
- Forms, validation with `clean()` and `clean_<field>()`
- Authentication, permissions and [the auth docs](https://docs.djangoproject.com/en/stable/topics/auth/)
- Deployment with Gunicorn, Nginx and PostgreSQL

## Best practices

- Keep views thin and models fat; test every manager method
- Profile queries with `django-debug-toolbar` before optimising
- Avoid N+1 queries: read **every** query the page makes

| Lookup | SQL | When |
|---|---|---|
| `select_related()` | JOIN | one-to-one, foreign keys |
| `prefetch_related()` | second query | many-to-many, reverse FK |
| `only()` | fewer columns | wide tables |

```python
from django.db.models import Count

def popular_categories(limit=10):
    return (Category.objects
            .annotate(posts=Count("post"))
            .order_by("-posts")[:limit])
```

## Learning

- [Django documentation](https://docs.djangoproject.com/en/stable/)
- [ORM cookbook](https://books.agiliq.com/projects/django-orm-cookbook/en/latest/)

## Exercises

- Build queries with annotations, e.g. the number of posts per category
- Compare `select_related()` with raw joins and measure both
- Write a management command that generates fake data for stage {i}
"""


WORDS = ("model view template queryset migration middleware signal serializer cache "
         "session form field index transaction fixture manager router permission token "
         "pagination throttle admin worker queue deployment settings logging").split()
LANGS = ("python", "bash", "sql", "javascript")


def sentence(seed, words):
    """`words` words of WORDS, picked from `seed`: varied, and the same on every run."""
    return " ".join(WORDS[(seed * 7 + k * 13 + k * k) % len(WORDS)] for k in range(words))


def stage_markdown_items(i, n):
    """A stage as real roadmaps write them (issue "Less written, less downloaded"): 15 to
    25 list items of varied length (topics with nested points, best practices, links),
    numbered exercises, a fenced code block, a table and links."""
    rng = (i * 2654435761) % 4294967296
    count = 15 + rng % 11
    prev_link = f"[the previous stage](stage-{i - 1:05}.md)" if i > 0 else "the start"
    topics = count * 2 // 5
    practices = count // 5
    links = count // 5
    exercises = count - topics - practices - links
    out = [f"Stage {i} of {n} builds on {prev_link}: {sentence(i, 12)}.", "", "## Topics", ""]
    for k in range(topics):
        out.append(f"- {sentence(i + k, 3 + (rng >> k) % 14).capitalize()} with `{WORDS[(i + k) % len(WORDS)]}()`")
        if k % 3 == 0:
            out.append(f"  - {sentence(i * 3 + k, 4 + k % 5)}")
    out += ["", "## Best practices", ""]
    for k in range(practices):
        out.append(f"- **{WORDS[(i + 5 * k) % len(WORDS)].capitalize()}**: {sentence(i + 11 * k, 6 + (rng >> (k + 3)) % 18)}")
    out += ["", "| Tool | Use | When |", "|---|---|---|"]
    for k in range(3 + i % 3):
        out.append(f"| `{WORDS[(i + k) % len(WORDS)]}` | {sentence(i + k, 3)} | {sentence(i + 2 * k, 2)} |")
    lang = LANGS[i % len(LANGS)]
    out += ["", f"```{lang}", f"# stage {i}: {sentence(i, 4)}"]
    for k in range(4 + i % 6):
        out.append(f"value_{k} = compute_{WORDS[(i + k) % len(WORDS)]}({k}, limit={i % 97})")
    out += ["```", "", "## Learning", ""]
    for k in range(links):
        word = WORDS[(i + 3 * k) % len(WORDS)]
        out.append(f"- [{sentence(i + k, 2 + k % 4).capitalize()}](https://docs.example.org/{word}/{i % 50}/) — {sentence(i + 7 * k, 3 + k % 6)}")
    out += ["", "## Exercises", ""]
    for k in range(exercises):
        out.append(f"{k + 1}. {sentence(i + 13 * k, 5 + (rng >> (k + 5)) % 20).capitalize()}")
    return "\n".join(out) + "\n"


CONTENT = {"bench": stage_markdown, "items": stage_markdown_items}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def generate(n, root, themes=REPO / "themes", content="bench"):
    """The same stages in roadsmith's, Zola's, mdBook's and Hugo's layouts (roadsmith's
    with the theme folder `themes`), each stage's text from CONTENT[content]."""
    markdown = CONTENT[content]
    if root.exists():
        shutil.rmtree(root)
    rs, mb, hg, zl = root / "roadsmith", root / "mdbook", root / "hugo", root / "zola"
    # Zola: a section of pages ordered by weight, templates as small as Hugo's, no
    # highlighting, search index, feeds or sitemap work beyond what Zola always does.
    write(zl / "config.toml", 'base_url = "https://example.com"\ntitle = "Bench"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n')
    write(zl / "templates" / "base.html", '<!doctype html><html><head><title>{% block title %}{{ config.title }}{% endblock %}</title></head><body>{% block main %}{% endblock %}</body></html>\n')
    write(zl / "templates" / "page.html", '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% if page.lower %}<a rel="prev" href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}<a rel="next" href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}{% endblock %}\n')
    write(zl / "templates" / "section.html", '{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1><ol>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ol>{% endblock %}\n')
    write(zl / "templates" / "index.html", '{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1>{% endblock %}\n')
    write(zl / "content" / "_index.md", '+++\ntitle = "Bench"\n+++\n')
    write(zl / "content" / "stages" / "_index.md", '+++\ntitle = "Stages"\nsort_by = "weight"\n+++\n')
    write(rs / "site.toml", 'title = "Bench"\ndescription = "Synthetic roadmap"\nbase_url = "https://example.com/"\n\n[markdown]\nhighlight = false\n')
    write(rs / "site-default.toml", 'title = "Bench"\ndescription = "Synthetic roadmap"\nbase_url = "https://example.com/"\n')
    write(rs / "content" / "_index.md", '+++\ntitle = "Bench"\n+++\nA synthetic roadmap.\n')
    shutil.copytree(themes, rs / "themes")
    write(mb / "book.toml", '[book]\ntitle = "Bench"\n\n[output.html]\n\n[output.html.search]\nenable = false\n')
    summary = ["# Summary\n"]
    write(hg / "hugo.toml", 'baseURL = "https://example.com/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.highlight]\ncodeFences = false\n')
    write(hg / "layouts" / "_default" / "baseof.html", '<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n')
    write(hg / "layouts" / "_default" / "single.html", '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}\n')
    write(hg / "layouts" / "_default" / "list.html", '{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}\n')
    write(hg / "content" / "_index.md", "+++\ntitle = \"Bench\"\n+++\n")
    write(hg / "content" / "stages" / "_index.md", "+++\ntitle = \"Stages\"\n+++\n")
    for i in range(n):
        body = markdown(i, n)
        title = f"Stage {i}: Django topic {i}"
        write(rs / "content" / f"stage-{i:05}.md", f'+++\ntitle = "{title}"\nstage = {i}\nduration = "{1 + i % 3}–{2 + i % 3} weeks"\n+++\n{body}')
        write(mb / "src" / f"stage-{i:05}.md", f"# {title}\n\n{body}")
        summary.append(f"- [{title}](stage-{i:05}.md)\n")
        hugo_body = body.replace(f"(stage-{i - 1:05}.md)", f"(/stages/stage-{i - 1:05}/)")
        write(hg / "content" / "stages" / f"stage-{i:05}.md", f'+++\ntitle = "{title}"\nweight = {i + 1}\n+++\n{hugo_body}')
        zola_body = body.replace(f"(stage-{i - 1:05}.md)", f"(@/stages/stage-{i - 1:05}.md)")
        write(zl / "content" / "stages" / f"stage-{i:05}.md", f'+++\ntitle = "{title}"\nweight = {i + 1}\n+++\n{zola_body}')
    write(mb / "src" / "SUMMARY.md", "".join(summary))
