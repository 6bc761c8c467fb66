"""The `facilitate` command. Each subcommand only wraps library functions.

`serve` and `demo` patch the process for the async server before anything
else is imported, so they read the mode from argv/env first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def _async_mode_from_argv(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg.startswith("--async-mode="):
            return arg.split("=", 1)[1]
        if arg == "--async-mode" and index + 1 < len(argv):
            return argv[index + 1]
    return os.environ.get("FACILITATE_ASYNC_MODE", "gevent")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("serve", "demo"):
        from .server_mode import patch_for

        mode = _async_mode_from_argv(argv)
        patch_for(mode)
        os.environ["FACILITATE_ASYNC_MODE"] = mode
    cli.main(args=argv, prog_name="facilitate")


@click.group()
def cli() -> None:
    """Facilitate: run the day gatherings of a competence programme."""


def _app():
    from . import create_app

    return create_app()


def _serve(app, host: str, port: int) -> None:
    from .server_mode import serve

    serve(app, host, port)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--async-mode", default="gevent", show_default=True,
              type=click.Choice(["gevent", "eventlet", "threading"]))
def serve(host: str, port: int, async_mode: str) -> None:
    """Serve the app (SQLite in the instance folder)."""
    app = _app()
    click.echo(f"Facilitate on http://{host}:{port}/ ({app.config['ASYNC_MODE']})")
    _serve(app, host, port)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--async-mode", default="gevent", show_default=True,
              type=click.Choice(["gevent", "eventlet", "threading"]))
@click.option("--no-serve", is_flag=True, help="Seed and print the links, then stop.")
@click.option("--reset-demo-password", is_flag=True,
              help="Seed even on an instance with real data, giving the demo "
              "facilitator a new password.")
def demo(host: str, port: int, async_mode: str, no_serve: bool,
         reset_demo_password: bool) -> None:
    """Seed a demo programme and serve it, printing the links to open."""
    from .demo import RealDataError, seed_demo
    from .store.db import connect

    app = _app()
    app.config["PUBLIC_URL"] = app.config["PUBLIC_URL"] or f"http://{host}:{port}"
    db = connect(app.config["DATABASE"])
    try:
        seeded = seed_demo(db, app.config["SESSIONS_DIR"],
                           method=app.config["PASSWORD_HASH_METHOD"],
                           reset_password=reset_demo_password)
    except RealDataError as error:
        raise click.ClickException(str(error)) from None
    finally:
        db.conn.close()
    base = app.config["PUBLIC_URL"].rstrip("/")
    first = seeded["gatherings"][0]
    click.echo(f"""
Facilitate demo: {len(seeded['gatherings'])} gatherings seeded.

  Facilitator console: {base}/console/{first['id']}
      log in as {seeded['username']} / {seeded['password']}
  Projector:           {base}/p/{first['code']}?key={first['presenter_key']}
  Join (phones):       {base}/j/{first['code']}   (code {first['code']})
""")
    if not no_serve:
        _serve(app, host, port)


@cli.group()
def user() -> None:
    """User accounts and their roles."""


ROLE_NAMES = {"admin": "Admin", "facilitator": "Facilitator", "coordinator": "Coordinator"}


def _describe(db, grant) -> str:
    """'facilitator of programme 1 (Name)', 'site admin', ..."""
    from .store import programmes

    if grant.programme_id is None:
        return "site admin"
    programme = programmes.get_programme(db, grant.programme_id)
    where = f"programme {grant.programme_id} ({programme['name'] if programme else '?'})"
    if grant.municipality_id is not None:
        municipality = programmes.get_municipality(db, grant.municipality_id)
        name = municipality["name"] if municipality else "?"
        where = f"municipality {grant.municipality_id} ({name}) in {where}"
    return f"{grant.role} of {where}"


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "facilitator", "coordinator"]),
              help="admin without --programme is a site admin (every programme).")
@click.option("--programme", "programme_id", type=int, help="The programme's id.")
@click.option("--municipality", "municipality_id", type=int,
              help="The municipality's id (coordinators).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin instead of a prompt.")
def user_add(username: str, role: str, programme_id: int | None, municipality_id: int | None,
             password_stdin: bool) -> None:
    """Add a user with a role (again: a new password and one more role; a new
    password logs the user out everywhere)."""
    from .policy import Grant
    from .store import grants, users
    from .store.db import connect

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    app = _app()
    db = connect(app.config["DATABASE"])
    try:
        grants.check(db, role, programme_id, municipality_id)
        user_id = users.add_user(db, username, password,
                                 method=app.config["PASSWORD_HASH_METHOD"])
        grants.grant(db, user_id, role, programme_id, municipality_id)
        scope = _describe(db, Grant(role, programme_id, municipality_id))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    finally:
        db.conn.close()
    click.echo(f"{ROLE_NAMES[role]} {username.strip()} saved: {scope}.")


@user.command("list")
def user_list() -> None:
    """Every user and their roles."""
    from .store import users
    from .store.db import connect

    db = connect(_app().config["DATABASE"])
    try:
        for row in users.list_users(db):
            roles = ", ".join(_describe(db, grant) for grant in row["grants"]) or "no role"
            click.echo(f"{row['username']}: {roles}")
    finally:
        db.conn.close()


@cli.command("check-plans")
@click.argument("folder", required=False)
def check_plans(folder: str | None) -> None:
    """Check every session plan in FOLDER (default: the shipped sessions/)."""
    from .model.session_plan import PlanError
    from .plans import load_plans
    from .resources import resource_dir

    try:
        plans = load_plans(folder or resource_dir("sessions"))
    except PlanError as error:
        raise click.ClickException(str(error)) from None
    for plan in plans:
        click.echo(f"ok  {plan.path}: {plan.title} ({len(plan.items)} items)")


def _one_of(*allowed: str):
    """A click callback: a comma-separated list of names from `allowed`."""
    def parse(ctx, param, value: str) -> tuple[str, ...]:
        names = tuple(name.strip() for name in value.split(",") if name.strip())
        if not names or any(name not in allowed for name in names):
            raise click.BadParameter(f"choose from {', '.join(allowed)}")
        return names
    return parse


def _counts(ctx, param, value: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(count) for count in value.split(",") if count.strip())
    except ValueError:
        raise click.BadParameter("phone counts separated by commas, e.g. 100,500,1000") from None
    if any(count < 1 for count in counts):
        raise click.BadParameter("phone counts must be positive")
    return counts


@cli.command()
@click.option("--phones", default=1000, show_default=True, type=click.IntRange(1, 20000))
@click.option("--modes", default="gevent,eventlet", show_default=True,
              callback=_one_of("gevent", "eventlet"),
              help="Async modes to measure, comma-separated.")
@click.option("--scenarios", default="join,burst,sustained,change", show_default=True,
              callback=_one_of("join", "burst", "sustained", "change", "board"),
              help="Scenarios to run, comma-separated (board: a breakout, "
              "phones in 25 groups post notes and spend dots).")
@click.option("--duration", default=60.0, show_default=True, type=click.FloatRange(1),
              help="Seconds of sustained answering.")
@click.option("--sweep", default="", callback=_counts,
              help="Also a burst at each of these phone counts "
              "(e.g. 100,500,1000,2000,3000), plotted as SVG.")
@click.option("--json", "json_path", default="bench-results/latest.json", show_default=True,
              type=click.Path(dir_okay=False))
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Where --sweep writes its plot [default: docs/bench-ack-latency.svg].")
@click.option("--no-baseline", is_flag=True, help="Skip the bare Node socket.io server.")
def bench(phones: int, modes: tuple[str, ...], scenarios: tuple[str, ...], duration: float,
          sweep: tuple[int, ...], json_path: str, plot_path: str | None,
          no_baseline: bool) -> None:
    """Measure the live server under load from real socket.io clients, beside a
    bare Node socket.io baseline (see docs/PERFORMANCE.md)."""
    from .bench import BenchError, Options, report, run_bench
    from .bench.plot import ack_latency_svg
    from .bench.processes import REPO

    options = Options(phones=phones, modes=modes, scenarios=scenarios, duration=duration,
                      baseline=not no_baseline, sweep=sweep)
    try:
        runs = run_bench(options, echo=click.echo)
    except BenchError as error:
        raise click.ClickException(str(error)) from None
    built = report.build(runs, options)
    written = report.write_json(built, json_path)
    click.echo(f"\n{report.table(built)}\n\n{report.verdict_lines(built)}\n\nJSON: {written}")
    if options.sweep:
        plot = Path(plot_path or REPO / "docs" / "bench-ack-latency.svg")
        plot.write_text(ack_latency_svg(built["sweep"], "Ack latency: every phone answers "
                                        "one poll within a second"))
        click.echo(f"Plot: {plot}")
