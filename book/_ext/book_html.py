"""Small fixes to the book's HTML, as a local Sphinx extension (see _config.yml).

- Every script is included once. sphinx-thebe's inline configuration
  (``const THEBE_JS_URL = ...``) reached every page twice, once registered
  with the file name ``None`` and once with ``""``, so Sphinx did not see
  the copies as equal; the second declaration of the constant logged
  "Identifier 'THEBE_JS_URL' has already been declared" on every page.
- The colour mode has a default ("auto", the system's), so that a first
  visit does not log the theme's "Got invalid theme mode" error.
- A chapter's "Learning objectives" and "Prerequisites" are not numbered
  (they are the chapter's preface, not its content): its first real section
  is 3.1, not 3.3, in the heading, the page's contents and every link.
"""

from __future__ import annotations


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""  # an inline script's is None or "": the same
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


def default_mode(app, pagename, templatename, context, doctree) -> None:
    if not context.get("default_mode"):  # the theme reads it from the page's context
        context["default_mode"] = "auto"


UNNUMBERED = ("#learning-objectives", "#prerequisites")


def _renumber(removed: list, number: tuple) -> tuple:
    """``number`` once the sections ``removed`` (numbers of the same depth) are taken out of the count."""
    for gone in removed:
        depth = len(gone) - 1
        if len(number) > depth and number[:depth] == gone[:depth] and number[depth] > gone[depth]:
            number = number[:depth] + (number[depth] - 1,) + number[depth + 1 :]
    return number


def unnumber_preface(app, env):
    from docutils import nodes

    for docname, numbers in env.toc_secnumbers.items():
        removed = sorted((numbers[a] for a in UNNUMBERED if a in numbers), reverse=True)
        if not removed:
            continue
        new = {}
        for anchor, number in numbers.items():
            if anchor not in UNNUMBERED:
                new[anchor] = _renumber(removed, number)
        env.toc_secnumbers[docname] = new
        toc = env.tocs.get(docname)
        for ref in toc.findall(nodes.reference) if toc is not None else ():
            if "secnumber" not in ref:
                continue
            anchor = ref.get("anchorname", "")
            if anchor in UNNUMBERED:
                del ref["secnumber"]
            elif anchor in new:
                ref["secnumber"] = new[anchor]
    return []


def setup(app):
    app.connect("html-page-context", default_mode)
    app.connect("env-get-updated", unnumber_preface, priority=900)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
