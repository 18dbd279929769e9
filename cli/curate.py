"""``allegiance curate``: the curation operations on the command line, one subcommand each.

Every subcommand that changes the graph prints the IRI of its correction's record (what ``curate revert``
takes). The spellings of ``reject``, ``confirm``, ``merge``, ``alias``, ``revert``, ``log``, ``import`` and
``export`` are a contract scripts rely on (docs/curation.md). The logic is ``allegiance.curation``'s;
this module only reads arguments and prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from allegiance.cli import Context
    from allegiance.curation import Corrections

BY = click.option("--by", required=True, metavar="NAME", help="Who makes the correction (recorded with it).")
REASON = click.option("--reason", default="", metavar="TEXT", help="Why (recorded with it).")


@contextmanager
def _desk(context: Context, *, reading: bool = False) -> Iterator[Corrections]:
    """The store's corrections; errors as one line on stderr and exit 1, as every command has them. A command
    that only reads them (``reading``) needs a store that exists, as the other read commands do; a correction
    may come before the facts it corrects (a merge applies to actors minted later), so writes may make one."""
    from allegiance.cli import failures
    from allegiance.curation import Corrections

    with failures():
        yield Corrections(context.existing_store if reading else context.store, context.settings)


def _change(work: Callable[[Corrections], str]) -> Callable[[Context], None]:
    def run(context: Context) -> None:
        with _desk(context) as desk:
            click.echo(work(desk))

    return run


@click.group()
def curate() -> None:
    """Correct the graph: reject or confirm facts, merge and rename actors, undo corrections (docs/curation.md)."""


@curate.command()
@click.argument("iri")
@click.option("--reason", required=True, metavar="TEXT", help="Why the fact is wrong (recorded with it).")
@BY
@click.pass_obj
def reject(context: Context, iri: str, reason: str, by: str) -> None:
    """Reject a relation or statement: left out of queries and lists, struck through on pages."""
    _change(lambda desk: desk.reject(iri, by=by, reason=reason))(context)


@curate.command()
@click.argument("iri")
@click.option("--into", required=True, metavar="IRI", help="The actor that stays.")
@BY
@REASON
@click.pass_obj
def merge(context: Context, iri: str, into: str, by: str, reason: str) -> None:
    """Merge an actor into another: its facts become the other's, its IRI an alias (owl:sameAs) of it."""
    _change(lambda desk: desk.merge(iri, into, by=by, reason=reason))(context)


@curate.command()
@click.argument("iri")
@click.argument("label")
@BY
@REASON
@click.option("--remove", is_flag=True, help="Take the alias away instead.")
@click.pass_obj
def alias(context: Context, iri: str, label: str, by: str, reason: str, remove: bool) -> None:
    """Add another name of an actor (ingest links it from then on), or remove one."""
    _change(lambda desk: desk.alias(iri, label, by=by, reason=reason, remove=remove))(context)


@curate.command()
@click.argument("iri")
@click.argument("label")
@BY
@REASON
@click.pass_obj
def relabel(context: Context, iri: str, label: str, by: str, reason: str) -> None:
    """Give an actor another name to be shown by."""
    _change(lambda desk: desk.relabel(iri, label, by=by, reason=reason))(context)


@curate.command("type")
@click.argument("iri")
@click.argument("classes", nargs=-1, required=True)
@BY
@REASON
@click.pass_obj
def set_type(context: Context, iri: str, classes: tuple[str, ...], by: str, reason: str) -> None:
    """Set an actor's classes (State, Militia, Person, …; several for a de facto authority)."""
    _change(lambda desk: desk.set_types(iri, classes, by=by, reason=reason))(context)


@curate.command()
@click.argument("iri")
@click.argument("qid", required=False)
@click.option("--remove", is_flag=True, help="Remove the actor's Wikidata item.")
@BY
@REASON
@click.pass_obj
def wikidata(context: Context, iri: str, qid: str | None, remove: bool, by: str, reason: str) -> None:
    """Set an actor's Wikidata item (Q followed by digits, only on the curator's word) or remove it."""
    if remove == (qid is not None):
        raise click.UsageError("give either a QID or --remove")
    _change(lambda desk: desk.set_wikidata(iri, qid, by=by, reason=reason))(context)


@curate.command("not-an-actor")
@click.argument("iri")
@click.option("--reason", required=True, metavar="TEXT", help="What it is instead (recorded with it).")
@BY
@click.pass_obj
def not_an_actor(context: Context, iri: str, reason: str, by: str) -> None:
    """Mark something extraction took for an actor as none: it and the facts it takes part in go."""
    _change(lambda desk: desk.not_an_actor(iri, by=by, reason=reason))(context)


@curate.command()
@click.argument("iri")
@click.option("--speaker", metavar="IRI", help="The actor who really said it.")
@click.option("--kind", metavar="KIND", help="What kind of statement it really is (claim, denial, …).")
@BY
@REASON
@click.pass_obj
def statement(
    context: Context, iri: str, speaker: str | None, kind: str | None, by: str, reason: str
) -> None:
    """Correct a statement's speaker or kind."""
    if (speaker is None) == (kind is None):
        raise click.UsageError("give either --speaker or --kind")
    _change(lambda desk: desk.correct_statement(iri, by=by, speaker=speaker, kind=kind, reason=reason))(
        context
    )


@curate.command()
@click.argument("iri")
@click.option("--kind", metavar="KIND", help="What kind of relation it really is (backs, attacks, …).")
@click.option("--reverse", is_flag=True, help="Swap its source and target.")
@click.option("--source", metavar="IRI", help="The actor that is really its source.")
@click.option("--target", metavar="IRI", help="The actor that is really its target.")
@BY
@REASON
@click.pass_obj
def relation(
    context: Context,
    iri: str,
    kind: str | None,
    reverse: bool,
    source: str | None,
    target: str | None,
    by: str,
    reason: str,
) -> None:
    """Correct a relation's kind, direction, source or target."""
    if [kind is not None, reverse, source is not None, target is not None].count(True) != 1:
        raise click.UsageError("give one of --kind, --reverse, --source or --target")
    _change(
        lambda desk: desk.correct_relation(
            iri, by=by, kind=kind, reverse=reverse, source=source, target=target, reason=reason
        )
    )(context)


def _of_one(name: str, argument: str, act: Callable[[Corrections, str, str, str], str], summary: str) -> None:
    """A subcommand that makes one correction of one node (or record): ARGUMENT, --by and --reason."""

    @curate.command(name, help=summary)
    @click.argument(argument)
    @BY
    @REASON
    @click.pass_obj
    def command(context: Context, by: str, reason: str, **node: str) -> None:
        _change(lambda desk: act(desk, node[argument], by, reason))(context)


_of_one(
    "confirm",
    "iri",
    lambda desk, iri, by, reason: desk.confirm(iri, by=by, reason=reason),
    "Confirm a relation or statement as read (and lift a rejection).",
)
_of_one(
    "revert",
    "record",
    lambda desk, record, by, reason: desk.revert(record, by=by, reason=reason),
    "Undo a correction (a merge's revert is the split of the actors it joined).",
)
_of_one(
    "split",
    "iri",
    lambda desk, iri, by, reason: desk.split(iri, by=by, reason=reason),
    "Split an actor merged into another off again (the revert of its merge).",
)


@curate.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.pass_obj
def log(context: Context, fmt: str) -> None:
    """Every correction, oldest first: what, to what, why, by whom, when, and what undid it."""
    with _desk(context, reading=True) as desk:
        click.echo(desk.log_csv() if fmt == "csv" else json.dumps(desk.log(), indent=1), nl=fmt == "json")


@curate.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "trig"]), default="csv", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def export_corrections(context: Context, fmt: str, output: Path | None) -> None:
    """The corrections in force as the CSV another team imports, or the whole curation graph as TriG."""
    with _desk(context, reading=True) as desk:
        text = desk.export_csv() if fmt == "csv" else desk.trig()
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")


@curate.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--by", metavar="NAME", help="Record these corrections as this curator's (default: the 'by' column)."
)
@click.pass_obj
def import_corrections(context: Context, file: Path, by: str | None) -> None:
    """Apply another team's CSV of corrections (what `curate export` writes), all or nothing; those in force
    are skipped."""
    with _desk(context) as desk:
        applied, skipped = desk.import_csv(file.read_text(encoding="utf-8"), by=by)
        click.echo(f"{applied} corrections applied, {skipped} already in force", err=True)


@curate.command()
@click.argument("name")
@click.option(
    "--curators",
    required=True,
    envvar="ALLEGIANCE_CURATORS",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The curators file `allegiance serve` reads [env ALLEGIANCE_CURATORS].",
)
def account(name: str, curators: Path) -> None:
    """Add a curator account (or give one a new token): prints the token once; the file keeps only its hash."""
    from allegiance.cli import failures
    from allegiance.endpoint.accounts import Accounts

    with failures():
        click.echo(Accounts(curators).issue(name))
