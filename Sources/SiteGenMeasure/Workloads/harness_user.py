"""Workloads of the user's own: the modules of folders given with `harness.py --workloads DIR`.

Every `*.py` file directly in such a folder is a workload module (names starting with `_` are
helpers it may import). They join the bundled workloads under their file's name, which must not
be taken: by a bundled workload, by another folder's module, or by any module Python would
import instead (a standard-library name such as `json`).

A module is checked against the contract (README.md, "Adding a workload") before it is
listed: one that fails to import, lacks VARIANTS or gives bad sizes is left out of the
catalogue and reported as a problem with its file and line, so it never stops the others.
A support module of harness.py: standard library only, Python 3.9+.
"""

import ast
import contextlib
import importlib
import importlib.util
import os
import signal
import sys
import traceback

from harness_facts import (
    MODEL_IDS,
    MODELS_WITH_DEFAULT_SIZE,
    THROUGHPUT_KINDS,
    USER_WORKLOADS,
    WORKLOADS,
    describe_variant,
)

KINDS = sorted(THROUGHPUT_KINDS | {"overhead", "latency"})
# How long importing one module may take: one that waits forever must not stop the others.
IMPORT_SECONDS = 10
PROFILES = ("quick", "standard", "full")
# The folders given, in order; a failure's location is looked for in them.
FOLDERS = []


class ImportTooSlow(Exception):
    """A module still importing after IMPORT_SECONDS."""


@contextlib.contextmanager
def import_deadline(seconds=IMPORT_SECONDS):
    """Interrupts the block with ImportTooSlow after `seconds` (SIGALRM; where there is none, no limit)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise ImportTooSlow(f"importing it took more than {seconds} s; do slow work in setup() or main(), not at import")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def import_user_module(name):
    """Imports a user's module within the deadline."""
    with import_deadline():
        return importlib.import_module(name)


class ContractError(Exception):
    """A module that imports but doesn't follow the contract; `line` is where to look."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


def problem(path, line, message, workload=None):
    return {"file": path, "line": line, "message": message, "workload": workload}


def add_folders(folders):
    """Registers the workload modules of every folder (USER_WORKLOADS: name -> path) and puts the
    folders on sys.path, after the harness's own and the standard library's; returns the problems
    found on the way (folders that can't be listed, names that are taken)."""
    problems = []
    for folder in folders:
        folder = os.path.realpath(folder)
        if folder in FOLDERS:
            continue
        try:
            entries = sorted(os.listdir(folder))
        except OSError as error:
            problems.append(problem(folder, None, f"the workloads folder can't be listed: {error.strerror}"))
            continue
        for entry in entries:
            if not entry.endswith(".py") or entry.startswith(("_", ".")):
                continue
            found = register(folder, entry)
            if found is not None:
                problems.append(found)
        FOLDERS.append(folder)
        sys.path.append(folder)
    return problems


def register(folder, entry):
    """Adds one module, or says why its name can't be used."""
    name = entry[:-3]
    path = os.path.join(folder, entry)
    rename = "; rename the file"
    if not name.isidentifier():
        return problem(path, None, f"`{entry}` is not a Python module name (letters, digits and _){rename}", name)
    if name in WORKLOADS:
        return problem(path, None, f"a bundled workload is called `{name}`{rename}", name)
    if name in USER_WORKLOADS:
        return problem(path, None, f"`{name}` is also a workload of {USER_WORKLOADS[name]}{rename}", name)
    try:
        taken = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        taken = None
    if taken is not None:
        where = taken.origin or "a built-in module"
        return problem(path, None, f"`{name}` is the name of a module Python already has ({where}){rename}", name)
    USER_WORKLOADS[name] = path
    return None


# --- the catalogue ------------------------------------------------------------------------------


def extend_catalogue(result, problems, unavailable):
    """Adds the user's workloads that follow the contract to the catalogue `result`, and every
    problem found (here and by add_folders) as `result["problems"]`."""
    for name, path in USER_WORKLOADS.items():
        try:
            module = import_user_module(name)
            check_contract(module, path)
            result["workloads"].append(describe(name, path, module, unavailable))
        except BaseException as error:  # whatever the module does (sys.exit too), the others go on
            if isinstance(error, KeyboardInterrupt):
                raise
            file, line = (path, error.line) if isinstance(error, ContractError) else failure_location(error, path)
            problems.append(problem(file, line, describe_error(error), name))
    result["problems"] = problems
    return result


def describe(name, path, module, unavailable):
    summary = (module.__doc__ or "").strip().splitlines()
    return {
        "name": name,
        "summary": summary[0] if summary else name,
        "kind": module.KIND,
        "file": os.path.basename(path),
        "folder": os.path.dirname(path),
        "support_files": list(getattr(module, "SUPPORT_FILES", [])),
        "hidden": bool(getattr(module, "HIDDEN", False)),
        "variants": [describe_variant(v, s, unavailable) for v, s in module.VARIANTS.items()],
    }


def describe_error(error):
    if isinstance(error, (ContractError, ImportTooSlow)):
        return str(error)
    if isinstance(error, SystemExit):
        return f"importing it called sys.exit({error.code!r})"
    if isinstance(error, SyntaxError):
        return f"it doesn't compile: {error.msg}"
    return f"importing it raised {type(error).__name__}: {error}"


def check_contract(module, path):
    """Raises ContractError, at the line to fix, where the module breaks the contract."""
    lines = DefinitionLines(path)
    kind = getattr(module, "KIND", None)
    if kind not in KINDS:
        found = "no KIND" if kind is None else f"KIND = {kind!r}"
        raise ContractError(f"{found}: set KIND to one of {', '.join(KINDS)}", lines.of("KIND"))
    variants = getattr(module, "VARIANTS", None)
    if not isinstance(variants, dict) or not variants:
        found = "no VARIANTS" if variants is None else "VARIANTS is not a non-empty dict"
        raise ContractError(f"{found}: define VARIANTS = {{name: {{\"description\", \"unit\", \"sizes\", \"workers\"}}}}",
                            lines.of("VARIANTS"))
    for name, spec in variants.items():
        check_variant(name, spec, lines)
    for function in ["main"] + (["check"] if kind in THROUGHPUT_KINDS else []):
        if not callable(getattr(module, function, None)):
            raise ContractError(f"no function {function}(): a {kind} workload needs main() and check() "
                                "(see the README)", lines.of(function))


def check_variant(name, spec, lines):
    def fail(message, *keys):
        raise ContractError(f"variant {name!r}: {message}", lines.of("VARIANTS", name, *keys))

    if not isinstance(name, str) or not isinstance(spec, dict):
        fail("each variant is a name and a dict")
    for key in ("description", "unit", "sizes", "workers"):
        if key not in spec:
            fail(f"has no {key!r}")
    sizes = spec["sizes"]
    if not isinstance(sizes, dict) or any(p not in sizes for p in PROFILES):
        fail("'sizes' needs a size for each profile: quick, standard and full", "sizes")
    for profile in PROFILES:
        size = sizes[profile]
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            fail(f"the {profile} size must be a whole number of at least 1, not {size!r}", "sizes")
    workers = spec["workers"]
    if not isinstance(workers, dict) or not workers:
        fail("'workers' maps each model to its worker counts (or None)", "workers")
    for model, counts in workers.items():
        if model not in MODEL_IDS:
            fail(f"unknown model {model!r} (known: {', '.join(MODEL_IDS)})", "workers")
        for count in counts if counts is not None else []:
            valid = (isinstance(count, int) and not isinstance(count, bool) and count >= 1) or count == "per_task" \
                or (count == "default" and model in MODELS_WITH_DEFAULT_SIZE)
            if not valid:
                fail(f"{model}: {count!r} is not a worker count (a whole number, 'per_task' or, for pools, 'default')",
                     "workers")


class DefinitionLines:
    """Where names are defined in a module's source, for pointing at what to fix: a top-level
    assignment or function, or a key inside a dict written out in it (VARIANTS → name → sizes)."""

    def __init__(self, path):
        try:
            with open(path, "rb") as source:
                self.tree = ast.parse(source.read())
        except (OSError, SyntaxError, ValueError):
            self.tree = None

    def of(self, name, *keys):
        if self.tree is None:
            return None
        for node in self.tree.body:
            value = None
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
                return node.lineno
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                value = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                value = node.value
            if value is not None:
                return self.key_line(value, keys, node.lineno)
        return 1

    @staticmethod
    def key_line(value, keys, line):
        for key in keys:
            if not isinstance(value, ast.Dict):
                break
            match = next((i for i, k in enumerate(value.keys)
                          if isinstance(k, ast.Constant) and k.value == key), None)
            if match is None:
                break
            line, value = value.keys[match].lineno, value.values[match]
        return line


# --- where a failure happened ------------------------------------------------------------------


def failure_location(error, default=None):
    """(file, line) of the innermost frame of the traceback in a user's workloads folder (or, for
    a syntax error, where it is), else the innermost one outside the harness; (default, None) when
    there is none."""
    if isinstance(error, SyntaxError) and error.filename:
        return os.path.abspath(error.filename), error.lineno
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):
        if any(os.path.realpath(frame.filename).startswith(folder + os.sep) for folder in FOLDERS):
            return os.path.realpath(frame.filename), frame.lineno
    here = os.path.dirname(os.path.abspath(__file__))
    for frame in reversed(frames):
        name = os.path.basename(frame.filename)
        if os.path.dirname(os.path.abspath(frame.filename)) == here and not name.startswith("harness"):
            return os.path.abspath(frame.filename), frame.lineno
    return default, None
