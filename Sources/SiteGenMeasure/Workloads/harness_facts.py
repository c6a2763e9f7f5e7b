"""What the harness offers: the models, facts about this interpreter, and the catalogue.

Everything `harness.py interpreter` and `harness.py catalogue` report is worked out here, from
the interpreter and from the workload modules' VARIANTS; `run` checks its options against the
same lists. A support module of harness.py (see there): standard library only, Python 3.9+.
"""

import importlib
import os
import platform
import shlex
import sys
import sysconfig

# The version of the JSON protocol (README.md): the catalogue reports it.
PROTOCOL = 1

WORKLOADS = [
    "io_sleep",
    "io_socket",
    "io_files",
    "cpu_python",
    "cpu_release",
    "mixed",
    "overhead",
    "latency",
    "selftest",
    "sync",
    "queues",
    "transfer",
    "asyncio_control",
    "socket_throughput",
]
# The user's own workloads, name -> module path, from `--workloads DIR` (harness_user.py).
USER_WORKLOADS = {}

# (id, description, what else it needs)
MODELS = [
    ("sequential", "one task after another, in the main thread", None),
    ("asyncio", "coroutines on one event loop: asyncio.run and asyncio.gather", None),
    ("asyncio_to_thread", "asyncio handing blocking calls to threads: asyncio.to_thread", None),
    ("threads", "threading.Thread: each thread takes its share of the tasks", None),
    ("thread_pool", "concurrent.futures.ThreadPoolExecutor", None),
    ("processes", "multiprocessing.Process: each takes its share of the tasks", "start_method"),
    ("process_pool", "concurrent.futures.ProcessPoolExecutor", "start_method"),
    ("interpreter_pool", "concurrent.futures.InterpreterPoolExecutor (3.14+): a GIL each", None),
    ("asyncio_process_pool", "asyncio handing CPU work to a process pool: loop.run_in_executor", "start_method"),
]
MODEL_IDS = [model_id for model_id, _, _ in MODELS]
PROCESS_MODELS = {"processes", "process_pool", "asyncio_process_pool"}
# Models whose workers are a concurrent.futures process pool, started warm where the workload
# has a make_pool hook.
POOL_MODELS = {"process_pool", "asyncio_process_pool"}
MODELS_WITH_DEFAULT_SIZE = {"asyncio_to_thread", "thread_pool", "process_pool", "interpreter_pool", "asyncio_process_pool"}
THROUGHPUT_KINDS = {"wait", "cpu", "mixed"}


class UsageError(Exception):
    """Bad arguments: reported on one line of stderr, exit status 2."""


# --- facts about this interpreter --------------------------------------------------------------


def gil_enabled():
    # sys._is_gil_enabled() exists from 3.13; every build before that has a GIL.
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return bool(is_enabled()) if is_enabled is not None else True


def process_cpu_count():
    """CPUs this process may run on (affinity), as os.process_cpu_count() does from 3.13."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count()
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def thread_pool_default_workers():
    """What ThreadPoolExecutor() picks here: min(32, CPUs + 4) (CPUs by affinity from 3.13)."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor()  # starts no thread until the first submit
    return getattr(pool, "_max_workers", min(32, (process_cpu_count() or 1) + 4))


def process_pool_default_workers():
    """What ProcessPoolExecutor() picks here: the CPU count (by affinity from 3.13)."""
    count = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    count = count or 1
    return min(count, 61) if sys.platform == "win32" else count


def start_methods():
    try:
        import multiprocessing

        return list(multiprocessing.get_all_start_methods())
    except ImportError:
        return []


def default_start_method():
    try:
        import multiprocessing

        return multiprocessing.get_start_method()
    except (ImportError, RuntimeError):
        return None


def build_flags():
    """A short account of how this Python was built: the configure options and the compiler."""
    args = sysconfig.get_config_var("CONFIG_ARGS") or ""
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    # Keep the options that change behaviour; drop install paths and compiler search paths.
    options = [w for w in words if w.startswith("--") and "/" not in w.partition("=")[2]]
    return " ".join(options + [f"[{platform.python_compiler()}]"]).strip()


def has_interpreter_pool():
    try:
        from concurrent.futures import InterpreterPoolExecutor  # noqa: F401  (Python 3.14+)
    except ImportError:
        return False
    return True


def unavailable_models():
    """Models this interpreter cannot run, each with the reason."""
    reasons = {}
    if sys.version_info < (3, 14):
        reasons["interpreter_pool"] = (
            f"InterpreterPoolExecutor needs Python 3.14; this is {platform.python_version()}"
        )
    elif not has_interpreter_pool():
        reasons["interpreter_pool"] = "this build has no InterpreterPoolExecutor (no _interpreters)"
    try:
        import multiprocessing.synchronize  # noqa: F401  (fails where there is no sem_open)
    except ImportError as error:
        for model in sorted(PROCESS_MODELS):
            reasons[model] = f"multiprocessing cannot run here: {error}"
    return reasons


def temp_filesystem():
    """The file system type of the temporary folder the file workloads write to (Linux only),
    because fsync on a RAM-backed tmpfs returns at once and on a network disk takes milliseconds."""
    import tempfile

    try:
        with open("/proc/self/mounts") as mounts:
            entries = [line.split() for line in mounts]
    except OSError:
        return None
    path = os.path.realpath(tempfile.gettempdir())
    best_point, best_type = "", None
    for entry in entries:
        if len(entry) < 3:
            continue
        point, fs_type = entry[1].replace("\\040", " "), entry[2]
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best_point):
            best_point, best_type = point, fs_type
    return best_type


def interpreter_facts():
    return {
        "executable": sys.executable,
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "build_flags": build_flags(),
        "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gil_enabled": gil_enabled(),
        "default_start_method": default_start_method(),
        "start_methods": start_methods(),
        "switch_interval_s": sys.getswitchinterval(),
        "cpu_count": os.cpu_count(),
        "process_cpu_count": process_cpu_count(),
        "has_interpreter_pool": has_interpreter_pool(),
        "thread_pool_default_workers": thread_pool_default_workers(),
        "platform": sys.platform,
        "temp_filesystem": temp_filesystem(),
    }


# --- the catalogue -------------------------------------------------------------------------------


def load_workload(name):
    if name not in WORKLOADS and name not in USER_WORKLOADS:
        raise UsageError(f"unknown workload {name!r} (known: {', '.join(WORKLOADS + list(USER_WORKLOADS))})")
    return importlib.import_module(name)


def worker_sort_key(worker):
    return (0, worker, "") if isinstance(worker, int) else (1, 0, worker)


def variant_cells(spec, unavailable):
    """The cells to measure for one variant on this interpreter, in a stable order.

    Each model runs with each of its worker counts. Process models run with the interpreter's
    default start method, or with every start method where the variant lists the model in
    "all_start_methods" (where start-up cost is what the variant is about). Cells of models this
    interpreter lacks are listed with the reason, so they are reported, not silently skipped.
    """
    every_method = start_methods()
    cells = []
    for model, workers in spec["workers"].items():
        if model in unavailable:
            reason = unavailable[model]
            cells.append({"model": model, "workers": None, "start_method": None, "unavailable": reason})
            continue
        if model not in PROCESS_MODELS:
            methods = [None]
        elif model in spec.get("all_start_methods", []):
            methods = every_method
        else:
            methods = [default_start_method()]
        for count in workers if workers is not None else [None]:
            for method in methods:
                cells.append({"model": model, "workers": count, "start_method": method})
    return cells


def describe_variant(name, spec, unavailable):
    workers_by_model = spec["workers"]
    sweep = set()
    for workers in workers_by_model.values():
        sweep.update(workers or [])
    return {
        "name": name,
        "description": spec["description"],
        "unit": spec["unit"],
        "models": list(workers_by_model),
        "sizes": dict(spec["sizes"]),
        "workers": sorted(sweep, key=worker_sort_key) if sweep else None,
        "workers_by_model": {m: (list(w) if w is not None else None) for m, w in workers_by_model.items()},
        "cells": variant_cells(spec, unavailable),
    }


def catalogue():
    unavailable = unavailable_models()
    workloads = []
    for name in WORKLOADS:
        module = load_workload(name)
        workloads.append({
            "name": name,
            "summary": module.__doc__.strip().splitlines()[0],
            "kind": module.KIND,
            "file": os.path.basename(module.__file__),
            "support_files": list(getattr(module, "SUPPORT_FILES", [])),
            "hidden": bool(getattr(module, "HIDDEN", False)),
            "variants": [describe_variant(v, s, unavailable) for v, s in module.VARIANTS.items()],
        })
    return {
        "protocol": PROTOCOL,
        "workloads": workloads,
        "models": [{"id": i, "description": d, "needs": n} for i, d, n in MODELS],
        "unavailable": [{"model": m, "reason": r} for m, r in sorted(unavailable.items())],
    }
