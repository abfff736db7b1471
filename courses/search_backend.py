"""Wagtail's database search backend, taught to find Chinese words.

SQLite FTS5 (unicode61) and PostgreSQL's text parser both treat a run of CJK characters as ONE token,
so 投诉处理的四个阶段 is indexed as a single word and a search for 投诉 finds nothing. This backend
segments CJK runs on both sides:

* index time: every run becomes its overlapping character bigrams followed by its single characters
  (投诉处理 → 投诉 诉处 处理 投 诉 处 理);
* query time: every run becomes its bigrams, all required (四个阶段 → 四个 个阶 阶段), or the single
  character for a one-character run. A phrase query becomes the phrase of its bigrams.

So any contiguous Chinese substring of two or more characters matches, in title and body, for
``Page.objects.search()``, ``.autocomplete()`` (the admin's page search) and every other indexed model.
The SQLite (FTS5) and PostgreSQL variants Wagtail would pick are subclassed; other databases get the
plain fallback. After switching backends run ``manage.py update_index`` once.
"""

import re
import types

from django.db import connection
from modelsearch.backends.database import SearchBackend as select_database_backend
from modelsearch.query import And, Not, Or, Phrase, PlainText

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def segment_for_index(text: str) -> str:
    """Return ``text`` with every CJK run replaced by its bigrams and its characters, space-separated."""

    def expand(match):
        run = match.group(0)
        if len(run) == 1:
            return f" {run} "
        bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
        return " " + " ".join(bigrams + list(run)) + " "

    return CJK_RUN.sub(expand, text)


def segment_for_query(text: str) -> str:
    """Return ``text`` with every CJK run replaced by its bigrams (or itself if one character long)."""

    def expand(match):
        run = match.group(0)
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return " ".join(CJK_RUN.sub(expand, text).split())


def segment_query(query):
    """Rewrite a search query tree so its CJK words match the segmented index.

    A plain-text word that is one CJK run must match all its bigrams, whatever the query's operator
    between words; so each word becomes an AND of its bigrams, combined with the original operator.
    """
    if isinstance(query, str):
        query = PlainText(query)
    if isinstance(query, PlainText):
        words = query.query_string.split()
        if not any(CJK_RUN.search(word) for word in words):
            return query
        parts = [PlainText(segment_for_query(word), operator="and", boost=query.boost) for word in words]
        if len(parts) == 1:
            return parts[0]
        return And(parts) if query.operator == "and" else Or(parts)
    if isinstance(query, Phrase):
        return Phrase(segment_for_query(query.query_string))
    if isinstance(query, Not):
        return Not(segment_query(query.subquery))
    if isinstance(query, (And, Or)):
        return type(query)([segment_query(q) for q in query.subqueries])
    return query


class SegmentingIndexerMixin:
    def prepare_value(self, value):
        return segment_for_index(super().prepare_value(value))


def _with_indexer(add_items, indexer_class):
    """Upstream ``add_items`` looks up its module's ``ObjectIndexer``; rebind it to ``indexer_class``.

    The upstream indexes have no hook for the indexer class, and copying their bulk-insert code would
    drift from it on upgrades; this reuses the code unchanged with one global replaced.
    """
    return types.FunctionType(
        add_items.__code__,
        {**add_items.__globals__, "ObjectIndexer": indexer_class},
        add_items.__name__,
        add_items.__defaults__,
        add_items.__closure__,
    )


class SegmentingCompilerMixin:
    def __init__(self, queryset, query, *args, operator=None, **kwargs):
        if isinstance(query, str):
            query = PlainText(query, operator=operator or self.DEFAULT_OPERATOR)
        super().__init__(queryset, segment_query(query), *args, operator=operator, **kwargs)


def _segmenting(backend_class, module):
    """Build the CJK-aware subclass of a database backend class defined in ``module``."""
    indexer = type("SegmentingObjectIndexer", (SegmentingIndexerMixin, module.ObjectIndexer), {})
    index = type(
        f"Segmenting{backend_class.index_class.__name__}",
        (backend_class.index_class,),
        {"add_items": _with_indexer(backend_class.index_class.add_items, indexer)},
    )
    search_compiler = type(
        "SegmentingSearchQueryCompiler", (SegmentingCompilerMixin, backend_class.query_compiler_class), {}
    )
    autocomplete_compiler = type(
        "SegmentingAutocompleteQueryCompiler",
        (SegmentingCompilerMixin, backend_class.autocomplete_query_compiler_class),
        {},
    )
    return type(
        f"Segmenting{backend_class.__name__}",
        (backend_class,),
        {
            "index_class": index,
            "query_compiler_class": search_compiler,
            "autocomplete_query_compiler_class": autocomplete_compiler,
        },
    )


_classes = {}


def SearchBackend(params):
    """Return the CJK-segmenting variant of the database backend Wagtail picks for this database."""
    backend = select_database_backend(params)
    backend_class = type(backend)
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres import postgres as module
    elif connection.vendor == "sqlite" and backend_class.__module__.endswith("sqlite.sqlite"):
        from modelsearch.backends.database.sqlite import sqlite as module
    else:
        return backend
    if backend_class not in _classes:
        _classes[backend_class] = _segmenting(backend_class, module)
    return _classes[backend_class](params)
