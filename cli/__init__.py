"""The ``allegiance`` command: one group, one subcommand per job, each doing the obvious thing.

Exit codes: 0 when the job succeeded, 1 when it failed (a clear one-line message on stderr), 2 for usage
errors (click's own). Heavy modules (spaCy, Flask, pyshacl) are imported inside the subcommand that needs them,
so ``allegiance --help`` and ``allegiance query`` start fast.
"""

from __future__ import annotations

import gzip
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

import click
import pyoxigraph as ox

from allegiance import __version__
from allegiance.cli.curate import curate
from allegiance.config import Settings, is_iri, store_location
from allegiance.store import GraphStore, StoreError
from allegiance.stores import open_store

EXPORT_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


class Context:
    """What every subcommand shares: the settings and a lazily opened store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: GraphStore | None = None

    @property
    def store(self) -> GraphStore:
        """The store, made empty when it does not exist yet (for the commands that write)."""
        if self._store is None:
            self._store = open_store(self.settings.store)
        return self._store

    @property
    def existing_store(self) -> GraphStore:
        """The store, which must exist (for the commands that only read: an empty one would answer nothing)."""
        if self._store is None:
            self._store = open_store(self.settings.store, create=False)
        return self._store

    def close(self) -> None:
        """Release the store (and its lock) so that another component can open it; closing writes what is left
        to disk, so a full disk fails here too, with the same one clear line."""
        if self._store is not None:
            store, self._store = self._store, None
            with failures():
                store.close()


pass_context = click.make_pass_decorator(Context)


class Progress:
    """Ingest progress on stderr: one line per document, and on a terminal a running count with the rate."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.done = 0
        self.live = sys.stderr.isatty()

    def __call__(self, outcome: Any) -> None:
        from allegiance.ingest.pipeline import Report

        self.done += 1
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        click.echo(("\r\033[K" if self.live else "") + Report.line(outcome), err=True)
        if self.live:
            click.echo(f"{self.done} documents, {rate:.1f}/s", err=True, nl=False)


@contextmanager
def failures() -> Iterator[None]:
    """Turn the errors we expect (bad input, a busy store, a bad query) into one line on stderr and exit 1."""
    from allegiance.queries import QueryError

    try:
        yield
    except (StoreError, QueryError, OSError, ValueError, SyntaxError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="allegiance")
@click.option(
    "--store",
    metavar="DIR|URL",
    envvar="ALLEGIANCE_STORE",
    help="Directory of the on-disk graph store, or a SPARQL server as sparql+http://HOST:PORT/PATH "
    "(credentials in ALLEGIANCE_STORE_USER / ALLEGIANCE_STORE_PASSWORD, or ALLEGIANCE_STORE_TOKEN for a running "
    "`allegiance serve`, whose URL ends /sparql?union=default; docs/scale-out.md) "
    "[env ALLEGIANCE_STORE; default ~/.local/share/allegiance/store].",
)
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """Turn news about armed conflicts into a knowledge graph of actors, alignments and statements."""
    try:
        settings = Settings(store=store_location(store)) if store else Settings()
    except ValueError as error:  # a setting from the command line or the environment
        raise click.UsageError(str(error)) from None
    ctx.obj = Context(settings)
    ctx.call_on_close(ctx.obj.close)  # the store's lock is free again when the command returns


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for documents that do not carry one.")
@click.option("--source", help="Source URL for documents that do not carry one.")
@click.option("--title", help="Title for documents that do not carry one.")
@click.option("--publisher", help="Publisher name for documents that do not carry one.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "html", "pdf", "jsonl"]),
    default="auto",
    show_default=True,
    help="Input format; 'auto' decides by file extension (or a URL's Content-Type) and content.",
)
@click.option("--dry-run", is_flag=True, help="Print each document's graph as TriG instead of storing it.")
@click.option(
    "--nquads-out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the validated graphs as N-Quads files (one per batch) into this folder instead of storing "
    "them; `allegiance load` bulk-loads them later (docs/scale-out.md).",
)
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes to parse in."
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786); --store must be a "
    "sparql+http(s):// server that every worker reaches (docs/scale-out.md).",
)
@pass_context
def ingest(
    context: Context,
    inputs: tuple[str, ...],
    published: str | None,
    source: str | None,
    title: str | None,
    publisher: str | None,
    fmt: str,
    dry_run: bool,
    nquads_out: Path | None,
    workers: int,
    scheduler: str | None,
) -> None:
    """Extract actors, alignments and statements from news and store one named graph per document.

    INPUTS are files (text, HTML, PDF, JSON Lines), directories, globs, http(s) URLs (fetched), or '-' for
    standard input.
    """
    from allegiance.ingest.pipeline import Defaults, ingest_inputs

    defaults = Defaults(published=published, source=source, title=title, publisher=publisher)
    with failures():
        if scheduler:
            from allegiance.ingest.cluster import ingest_with_scheduler

            report = ingest_with_scheduler(
                scheduler,
                inputs,
                defaults,
                fmt=fmt,
                settings=context.settings,
                nquads_out=nquads_out,
                listener=Progress(),
            )
        else:
            report = ingest_inputs(
                inputs,
                defaults,
                fmt=fmt,
                store=None if dry_run else context.store,
                settings=context.settings,
                dry_run=dry_run,
                workers=workers,
                listener=Progress(),
                nquads_out=nquads_out,
            )
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("name", required=False)
@click.option("--sparql", help="An ad-hoc SPARQL query, or @FILE to read it from a file.")
@click.option("--param", "-p", multiple=True, metavar="NAME=VALUE", help="A parameter of the named query.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option("--limit", type=click.IntRange(min=0), help="Print at most this many rows (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows first.")
@click.option("--include-rejected", is_flag=True, help="Keep the facts curators rejected (docs/curation.md).")
@click.option(
    "--rollup",
    is_flag=True,
    help="Roll every actor up to its whole: a state for its government, ministries, armed forces and officials.",
)
@pass_context
def query(
    context: Context,
    name: str | None,
    sparql: str | None,
    param: tuple[str, ...],
    fmt: str,
    limit: int | None,
    offset: int,
    include_rejected: bool,
    rollup: bool,
) -> None:
    """Run a named query from queries/ (NAME) or an ad-hoc one (--sparql). Without either, list the named ones.

    With --limit or --offset, standard error says which rows of how many were printed.
    """
    from allegiance import queries
    from allegiance.queries import kept
    from allegiance.results import Page, for_people, render, to_page, to_rows

    with failures():
        if name and sparql:
            raise click.UsageError("give a query NAME or --sparql, not both")
        if not name and not sparql:
            for named in queries.catalogue().values():
                params = " ".join(f"[{p.name}]" if not p.required else p.name for p in named.parameters)
                click.echo(f"{named.name:24} {named.title}  {params}".rstrip())
            return
        bindings: dict[str, Any] = {}
        if name:
            named = queries.get(name)
            given = dict(_split_param(p) for p in param)
            text = named.text(rejected=include_rejected, rollup=rollup)
            bindings = named.bindings(given)
        else:
            assert sparql is not None
            text = Path(sparql[1:]).read_text(encoding="utf-8") if sparql.startswith("@") else sparql
        store = context.existing_store
        page: Page | None = None
        if name:
            page = kept.answer(store, named, text, bindings, offset, limit)
        else:
            result = store.query(text)
            if isinstance(result, ox.QuerySolutions):
                page = to_page(result, offset, limit)
            elif limit is not None or offset:
                raise click.UsageError("--limit and --offset page the rows of a SELECT query")
            else:
                columns, rows = to_rows(result)
        if page is not None:
            columns, rows = page.columns, page.rows
            if limit is not None or offset:
                click.echo(f"{len(rows):,} of {page.total:,} rows, from row {offset + 1:,}", err=True)
        if fmt == "table":
            columns, rows = for_people(context.existing_store, columns, rows)
    click.echo(render(columns, rows, fmt), nl=False)


REPORT_TABLE = ("date", "kind", "polarity", "source_label", "target_label", "according_to_label", "evidence")
"""The columns a terminal shows of the reports table; the other formats have all of them."""


@main.command()
@click.option("--kind", help="Only this relation or statement kind (backs, attacks, denial, ...).")
@click.option(
    "--polarity", type=click.Choice(["asserted", "denied"]), help="Only asserted or denied relations."
)
@click.option("--from", "since", metavar="YYYY-MM-DD", help="Only reports dated this day or later.")
@click.option("--to", "until", metavar="YYYY-MM-DD", help="Only reports dated this day or earlier.")
@click.option(
    "--actor",
    metavar="IRI|NAME",
    help="Only reports with this actor (an IRI, or a label or alias) on either side.",
)
@click.option(
    "--with",
    "other",
    metavar="IRI|NAME",
    help="With --actor: only the reports between the two, either way round.",
)
@click.option(
    "--rollup", is_flag=True, help="With --actor: its parts count too (a state's government, army)."
)
@click.option(
    "--actor-type", metavar="CLASS", help="Only reports with an actor of this class (State, Person...)."
)
@click.option("--publisher", help="Only reports from documents of this publisher.")
@click.option("--min-confidence", metavar="0..1", help="Only reports read with at least this confidence.")
@click.option("--include-rejected", is_flag=True, help="Keep the facts curators rejected (docs/curation.md).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "parquet"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many reports (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many reports first.")
@pass_context
def reports(
    context: Context, fmt: str, output: Path | None, limit: int | None, offset: int, **given: Any
) -> None:
    """The flat table of reports: one row per relation report and per statement, newest first.

    The filters are those of the /reports page (docs/browse.md); standard error says how many reports match.
    """
    from allegiance.queries.reports import Filters, read_keys, read_rows, render
    from allegiance.results import render as render_rows

    if fmt == "parquet" and output is None:
        raise click.UsageError("Parquet is binary: give --output FILE")
    arguments = {Filters.public(name): _filter_text(value) for name, value in given.items()}
    with failures():
        store = context.existing_store
        for name in ("actor", "with"):
            if arguments.get(name) and not is_iri(arguments[name]):
                arguments[name] = _actor_named(store, arguments[name], f"--{name}")
        filters = Filters.parse(arguments)
        keep = filters.matcher(store)
        keys = read_keys(store, reports=filters.reports(store))
        chosen = [key.report for key in keys if keep(key)]
        page = chosen[offset : None if limit is None else offset + limit]
        rows = read_rows(store, page)
        click.echo(f"{len(rows):,} of {len(chosen):,} reports, from row {offset + 1:,}", err=True)
        if fmt == "table":
            body = render_rows(list(REPORT_TABLE), [[row[c] for c in REPORT_TABLE] for row in rows], "table")
            data = body.encode()
        else:
            data = render(rows, fmt)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)


def _actor_named(store: GraphStore, name: str, option: str) -> str:
    """The IRI of the one actor whose label or alias is ``name`` (without case), as the /reports page reads a
    name; a name of none or of several actors is a usage error that lists them."""
    from allegiance.endpoint.execution import Deadline
    from allegiance.endpoint.search import named_in

    found = named_in(store, name, Deadline(60))
    if len(found) == 1:
        return found[0]["actor"]
    listed = "; ".join(f"{row['name']} <{row['actor']}>" for row in found)
    raise click.UsageError(
        f"{option} {name!r} names {'several actors: ' + listed if found else 'no actor'}; give an IRI"
    )


def _filter_text(value: Any) -> str:
    """A filter option as the text the page's URL would carry ('' when not given)."""
    if value is None or value is False:
        return ""
    return "1" if value is True else str(value)


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep:
        raise click.UsageError(f"--param wants NAME=VALUE, got {text!r}")
    return name.strip(), value


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="nquads", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout)."
)
@click.option(
    "--gzip", "compress", is_flag=True, help="Compress with gzip (implied by an output name ending .gz)."
)
@pass_context
def export(context: Context, fmt: str, output: Path | None, compress: bool) -> None:
    """Dump every named graph (documents, ontology, reference actors, curation) as N-Quads or TriG."""
    compress = compress or (output is not None and output.suffix == ".gz")
    with failures():
        store = context.existing_store  # before the output file is made
        sink: IO[bytes] = output.open("wb") if output else sys.stdout.buffer
        with sink:
            if compress:
                with gzip.GzipFile(fileobj=sink, mode="wb") as zipped:
                    store.export(zipped, format=EXPORT_FORMATS[fmt])  # type: ignore[arg-type]
            else:
                store.export(sink, format=EXPORT_FORMATS[fmt])


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@pass_context
def load(context: Context, files: tuple[Path, ...]) -> None:
    """Bulk-load N-Quads or TriG files (optionally .gz), such as an `allegiance export`, into the store."""
    with failures():
        for path in files:
            fmt = ox.RdfFormat.TRIG if ".trig" in path.suffixes else ox.RdfFormat.N_QUADS
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rb") as stream:
                count = context.store.load(stream, format=fmt)  # type: ignore[arg-type]
            click.echo(f"{path}: {count} quads loaded", err=True)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def evaluate(context: Context, gold: Path) -> None:
    """Score extraction against a GOLD annotation file: backs precision/recall/F1 and statement recall/precision.

    The gold's documents are ingested into a temporary store; your store is not touched.
    """
    from allegiance.ingest.evaluate import evaluate as run_evaluation

    with failures():
        result = run_evaluation(gold)
    for line in result.lines():
        click.echo(line)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_context
def stats(context: Context, fmt: str) -> None:
    """What the graph holds: triples, named graphs, documents, actors, statements, relations."""
    import json

    with failures():
        figures = context.existing_store.stats()
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            click.echo(f"{key:12} {value:>10,}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option(
    "--threads", default=8, show_default=True, type=int, help="Request threads (queries run in parallel)."
)
@click.option(
    "--update-token",
    envvar="ALLEGIANCE_UPDATE_TOKEN",
    help="Enable SPARQL Update and graph writes for requests with 'Authorization: Bearer TOKEN' "
    "[env ALLEGIANCE_UPDATE_TOKEN; default: read-only].",
)
@click.option(
    "--licence",
    metavar="IRI",
    help="The licence the graph is published under, as the IRI of its text "
    "[env ALLEGIANCE_LICENCE; default CC BY 4.0].",
)
@click.option(
    "--texts/--no-texts",
    "publish_texts",
    default=None,
    help="Publish the articles' full texts on pages, in dumps and to SPARQL, or withhold them "
    "[env ALLEGIANCE_PUBLISH_TEXTS; default: publish]; docs/publishing.md.",
)
@click.option(
    "--curators",
    envvar="ALLEGIANCE_CURATORS",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File of curator accounts (`allegiance curate account NAME`): they may correct the graph over HTTP "
    "and on the pages [env ALLEGIANCE_CURATORS; default: no corrections].",
)
@pass_context
def serve(
    context: Context,
    host: str,
    port: int,
    threads: int,
    update_token: str | None,
    licence: str | None,
    publish_texts: bool | None,
    curators: Path | None,
) -> None:
    """Serve the graph over HTTP: pages at /, SPARQL at /sparql, named queries at /api/NAME."""
    from allegiance.endpoint.server import run

    with failures():
        settings = replace(
            context.settings,
            licence=licence or context.settings.licence,
            publish_texts=context.settings.publish_texts if publish_texts is None else publish_texts,
        )
        run(settings, host=host, port=port, threads=threads, update_token=update_token, curators=curators)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Build the demo graph and stop.")
@pass_context
def demo(context: Context, host: str, port: int, no_serve: bool) -> None:
    """Build the demo graph (ontology, reference actors, the shipped demo corpus) and serve it."""
    from allegiance.cli.demo import build

    with failures():
        report = build(context.store, context.settings, listener=Progress())
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)
    if not no_serve:
        context.close()  # the server opens the store itself
        from allegiance.endpoint.server import run

        with failures():
            run(context.settings, host=host, port=port, threads=8)


@main.command()
@click.option("--document", metavar="IRI", help="Validate only this named graph (a document's IRI).")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the sh:ValidationReport, as Turtle, to this file.",
)
@pass_context
def validate(context: Context, document: str | None, report_file: Path | None) -> None:
    """Check the stored graphs against the SHACL shapes; exit 0 only when every one conforms.

    Each named graph (every document, the reference actors, curation) is validated on its own, with what the
    other graphs say about the actors it uses. The ontology and the inferred graph are not data: skipped.
    """
    from allegiance.shapes.validate import Verdict, combined_report, validate_store

    verdicts: list[Verdict] = []
    with failures():
        for verdict in validate_store(context.existing_store, context.settings.base_iri, only=document):
            verdicts.append(verdict)
            for line in verdict.lines() if not verdict.conforms else ():
                click.echo(line)
        if report_file is not None:
            combined_report(verdicts).serialize(report_file, format="turtle")
    failed = [v for v in verdicts if not v.conforms]
    problems = sum(len(v.findings) for v in failed)
    click.echo(
        f"{len(verdicts)} graph{'s' if len(verdicts) != 1 else ''} checked: {len(verdicts) - len(failed)} "
        f"conform, {len(failed)} do not ({problems} problem{'s' if problems != 1 else ''})"
    )
    if failed:
        sys.exit(1)


@main.command()
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Check the ontology and the actors with HermiT (needs java).",
)
@pass_context
def reason(context: Context, check: bool) -> None:
    """Rebuild the inferred graph from the ontology's axioms, then check the actors for consistency.

    The inferred graph holds what the ontology implies and no graph states: superclasses and superproperties,
    inverse, symmetric and transitive edges, statements on behalf of a spokesperson's body, and the direct
    edges of asserted, undenied relations. Exit 1 when the actors are inconsistent (each clash is listed with
    the graphs that caused it).
    """
    from allegiance.ontology.materialise import check_actors, materialise
    from allegiance.ontology.reasoner import java_available

    with failures():
        if check and not java_available():
            raise ValueError(
                "the consistency check runs HermiT, which needs java on PATH; or pass --no-check"
            )
        for line in materialise(context.existing_store, context.settings.base_iri).lines():
            click.echo(line)
        verdict = check_actors(context.store, context.settings.base_iri) if check else None
    for line in verdict.lines() if verdict is not None else ():
        click.echo(line)
    if verdict is not None and not verdict.consistent:
        sys.exit(1)


main.add_command(curate)
