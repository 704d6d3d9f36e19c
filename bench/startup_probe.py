"""Child process of the benchmark: start a window, report when it first painted, then exit.

Run by ``bench/run.py`` with QT_QPA_PLATFORM=offscreen, or xcb on its own Xvfb, never by hand:

    startup_probe.py bare                    a QApplication and an empty QWidget
    startup_probe.py signin                  ``branchdesk --demo --lang zh_CN`` up to its
                                             sign-in dialog (the demo database is created in
                                             the user data folder on first use)
    startup_probe.py desk LOGIN              the same command up to its main window; the
                                             sign-in step gives LOGIN's actor read from the
                                             database instead (no dialog, no password);
                                             it runs on past the paint until the first
                                             tab's list has filled, marked apart, and
                                             reports how many rows it shows
    startup_probe.py memory URL LOGIN PASSWORD
                                             ``branchdesk --database URL`` signed in by the
                                             real ``sign_in``, then the visit log tab's first
                                             page

The BranchDesk modes run the real entry point, ``branchdesk.cli.main``, so that its imports
happen in the app's own order: PySide6 inspects the source of every module imported after it
(its ``__feature__`` import hook), so the order is part of what is measured, and this probe
imports nothing of Qt or BranchDesk before the app does. It only wraps, as each module is
loaded, the functions whose end it marks (``AfterImport``).

It prints one JSON line: ``marks`` (phase -> time.monotonic(), the clock the parent uses for
the spawn time, shared by all processes on Linux), the database URL, the loaded heavy modules,
and for ``memory`` the resident memory read from /proc/self/status.
"""

from __future__ import annotations

import os
import sys
import time

marks: dict[str, float] = {}
cpu_marks: dict[str, float] = {}  # CPU seconds of the process (every thread) at each mark
tab_seconds: dict[str, float] = {}
reported: dict[str, object] = {}
keep_alive: list[object] = []


def mark(phase: str) -> None:
    marks[phase] = time.monotonic()
    cpu_marks[phase] = time.process_time()


mark("interpreter ready")

HEAVY_MODULES = ("reportlab", "pypdf", "psycopg", "phonenumbers", "argon2", "babel.dates")


def heavy_modules_loaded() -> list[str]:
    return [name for name in HEAVY_MODULES if sys.modules.get(name) is not None]


def qt_namespace_built() -> bool:
    """PySide builds QtCore.Qt, 93 enum classes, about 15 ms, the first time it is used."""
    core = sys.modules.get("PySide6.QtCore")
    return core is not None and "Qt" in core.__dict__


def watch_first_paint(window, then) -> None:
    """Calls ``then`` once, when ``window`` receives its first paint event."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                mark("painted")
                reported["modules_at_paint"] = sorted(sys.modules)
                reported["heavy_modules"] = heavy_modules_loaded()
                reported["qt_namespace_built"] = qt_namespace_built()
                then()
            return False

    probe = FirstPaint()
    keep_alive.append(probe)
    window.installEventFilter(probe)


def memory_status() -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (peak resident) in kB."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _sep, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values


def report(**extra) -> None:
    import json  # after the paint: the bare window would pay for it otherwise

    everything = {"marks": marks, "cpu_marks": cpu_marks, "tabs": tab_seconds}
    print(json.dumps({**everything, **reported, **extra}), flush=True)
    # Skip interpreter and Qt teardown: the parent has what it measured.
    os._exit(0)


def run_bare() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    mark("imports")
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1200, 760)  # the main window's default size
    watch_first_paint(window, report)
    window.show()
    app.exec()


class AfterImport:
    """Runs ``hooks[name](module)`` right after the app itself has imported module ``name``.
    A meta path finder, not derived from importlib.abc's: importing that module takes 20 ms
    (importlib.resources, zipfile, typing…), which the app itself never pays."""

    def __init__(self, hooks) -> None:
        self.hooks = hooks

    def find_spec(self, name, path, target=None):
        if name not in self.hooks:
            return None
        for finder in sys.meta_path:
            spec = None if finder is self else finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        hook, execute = self.hooks.pop(name), spec.loader.exec_module

        def exec_module(module) -> None:
            execute(module)
            hook(module)

        spec.loader.exec_module = exec_module
        return spec


def after_return(module, name: str, phase: str) -> None:
    """Marks ``phase`` when ``module.name(...)`` returns (callers that look it up at call
    time, as ``from module import name`` inside a function does, get the wrapper)."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        mark(phase)
        return result

    setattr(module, name, wrapper)


def after_init(cls, phase: str, then) -> None:
    """Marks ``phase`` when an instance of ``cls`` is built, then watches its first paint."""
    original = cls.__init__

    def __init__(self, *args, **kwargs) -> None:  # noqa: N807 - replaces the constructor
        original(self, *args, **kwargs)
        mark(phase)
        watch_first_paint(self, lambda: then(self))

    cls.__init__ = __init__


def time_each_tab(tabs) -> None:
    """Record how long building each tab takes (its module's import included)."""

    def timed(spec):
        def create(context):
            started = time.monotonic()
            widget = spec.create(context)
            tab_seconds[spec.key] = time.monotonic() - started
            return widget

        return spec._replace(create=create)

    tabs_for = tabs.tabs_for
    tabs.tabs_for = lambda context: [timed(spec) for spec in tabs_for(context)]


def run_branchdesk(arguments: list[str], sign_in_step, window_hook) -> None:
    """``branchdesk ARGUMENTS`` through ``branchdesk.cli.main``; ``sign_in_step`` replaces the
    app's ``_sign_in`` (None keeps the dialog), ``window_hook`` watches the first window."""

    def app_loaded(app_module) -> None:
        # cli.main so far: arguments, config, logging, language, and every import up to here
        mark("cli and imports")
        after_return(app_module, "create_application", "application")
        if sign_in_step is not None:
            app_module._sign_in = sign_in_step

    def startup_loaded(startup) -> None:
        original = startup.prepare_database

        def prepare_database(url: str, demo: bool) -> None:
            reported["url"] = url
            original(url, demo)
            mark("database open")

        startup.prepare_database = prepare_database

    sys.meta_path.insert(
        0,
        AfterImport(
            {
                "branchdesk.ui.app": app_loaded,
                "branchdesk.startup": startup_loaded,
                "branchdesk.ui.tabs": time_each_tab,
                **window_hook,
            }
        ),
    )
    from branchdesk.cli import main

    main(arguments)
    raise RuntimeError("the window closed before it painted")


def run_signin() -> None:
    hook = {
        "branchdesk.ui.signin_dialog": lambda module: after_init(
            module.SignInDialog, "dialog built", lambda _dialog: report()
        )
    }
    run_branchdesk(["--demo", "--lang", "zh_CN"], None, hook)


def run_desk(login: str) -> None:
    def actor_from_database(demo: bool, _runner=None):
        # The user as if already signed in: their typing and the argon2id verification
        # of their password, which runs when they press Enter, are not start-up work.
        from branchdesk.auth.session import Actor
        from branchdesk.db.models import User

        actor = Actor.from_user(User.get(User.username == login))
        mark("actor from database")
        return actor

    def list_filled(window) -> None:
        # After the paint that was measured: the first tab's list arrives from the worker.
        from PySide6.QtCore import QTimer

        tab, runner = window.current_tab(), window.context.runner
        table = getattr(tab, "tbl_visitors", None)
        if table is None or (table.model() is not None and not runner.busy):
            mark("visitors list filled")
            report(visitors_listed=table.model().rowCount() if table is not None else None)
        else:
            QTimer.singleShot(1, lambda: list_filled(window))

    hook = {
        "branchdesk.ui.main_window": lambda module: after_init(
            module.MainWindow, "window built", list_filled
        )
    }
    run_branchdesk(["--demo", "--lang", "zh_CN"], actor_from_database, hook)


def run_memory(url: str, login: str, password: str) -> None:
    def signed_in(demo: bool, _runner=None):
        # A desk in use has signed in: argon2 is loaded and a verification has run.
        from branchdesk.auth.signin import sign_in

        actor = sign_in(login, password)
        mark("signed in")
        return actor

    def first_page_shown(window) -> None:
        from PySide6.QtCore import QTimer

        # Out of the paint event first: the loop below processes events.
        QTimer.singleShot(0, lambda: show_first_page(window))

    def show_first_page(window) -> None:
        from PySide6.QtWidgets import QApplication, QTableView

        app = QApplication.instance()
        # The visit log reads its first page when built; showing the tab paints those rows.
        tab = window.show_tab("visit_log")
        deadline = time.monotonic() + 30
        rows = 0
        while time.monotonic() < deadline:
            app.processEvents()
            window.context.runner.wait(50)
            rows = max((t.model().rowCount() for t in tab.findChildren(QTableView)), default=0)
            if rows and not window.context.runner.busy:
                break
        app.processEvents()
        mark("visit log shown")
        report(rows=rows, **memory_status())

    hook = {
        "branchdesk.ui.main_window": lambda module: after_init(
            module.MainWindow, "window built", first_page_shown
        )
    }
    run_branchdesk(["--database", url, "--lang", "zh_CN"], signed_in, hook)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"bare": run_bare, "signin": run_signin, "desk": run_desk, "memory": run_memory}[mode](*args)
