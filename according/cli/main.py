"""The ``according`` command: a click group whose subcommands live in sibling modules."""

from __future__ import annotations

import importlib
import sys

import click

from according import __version__

#: Modules that each add their commands to ``cli`` (module name → attribute holding commands).
COMMAND_MODULES = ("extract", "evaluate", "train", "corpus", "batch", "serve")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="according")
def cli() -> None:
    """Who said what, according to whom: attributions, speakers and figures from news."""


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(f"according.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"according.cli.{name}":
                continue
            raise
        for command in getattr(mod, "COMMANDS", ()):
            cli.add_command(command)


_load_commands()


def main() -> None:
    """Console entry point; user errors are one line on stderr, never a traceback."""
    from according.errors import AccordingError

    try:
        cli.main(standalone_mode=True)
    except AccordingError as exc:
        click.echo(f"according: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("according: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
