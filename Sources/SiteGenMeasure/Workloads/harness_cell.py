"""One cell as `run` asks for it: its options checked against the catalogue and resolved.

plan_cell() turns `run`'s options into a Cell: the workload module, the worker count main() gets
and the one reported, the warm-up's size and workers, the start method, and the workload's
make_pool hook where the pool is started warm. Bad options raise UsageError before anything is
measured. A support module of harness.py, which measures the cell (run_cell): standard library
only, Python 3.9+.
"""

import json

import harness_processes
from harness_facts import (
    MODEL_IDS,
    MODELS_WITH_DEFAULT_SIZE,
    POOL_MODELS,
    PROCESS_MODELS,
    UsageError,
    default_start_method,
    load_workload,
    process_pool_default_workers,
    start_methods,
    thread_pool_default_workers,
    unavailable_models,
)
from harness_processes import import_process_machinery


class Cell:
    """One cell, checked and resolved by plan_cell(): what run_cell() measures."""

    def __init__(self, args, module, warmup_size):
        self.args = args  # run's options
        self.module = module  # the workload's module
        self.size = args.size
        self.warmup_size = warmup_size  # 0: no warm-up
        self.spec = None  # the --workers value, parsed; None where the model takes none
        self.workers = None  # what main() gets: an int, or None for the library's default
        self.warm_workers = None  # what the warm-up's main() gets
        self.reported_workers = None  # what the result reports as "workers"
        self.start_method = None  # process models only
        self.make_pool = None  # the workload's hook, where the process pool is started warm

    def run(self, count, with_workers, prepared, **pool):
        """The workload's main() on `count` units of this cell's work."""
        args = self.args
        return self.module.main(args.model, with_workers, count, args.variant, self.start_method, prepared,
                                **pool)


def plan_cell(args):
    """Checks `run`'s options (UsageError if they are bad) and resolves them into a Cell."""
    module, variant = check_cell(args)
    size = args.size
    warmup_size = variant.get("warmup_size", getattr(module, "WARMUP_SIZE", None))
    if warmup_size is None:
        warmup_size = max(1, size // 50)
    import_process_machinery()
    cell = Cell(args, module, warmup_size)
    allowed = variant["workers"][args.model]
    if allowed is None:  # the model takes no worker count here (sequential, probes)
        cell.reported_workers = 1 if args.model == "sequential" else None
    else:
        cell.spec = parse_workers(args.workers, args.model, allowed)
        cell.workers, cell.reported_workers = resolve_workers(cell.spec, args.model, size)
        cell.warm_workers, _ = resolve_workers(cell.spec, args.model, warmup_size)
        if args.model in PROCESS_MODELS:
            cell.warm_workers = 1  # one worker is enough: see choose_start_method

    if args.model in PROCESS_MODELS:
        choose_start_method(cell)

    # A workload with a make_pool hook gets its process pool warm (see WarmPool): the pool's
    # first calls, one per worker, are its warm-up, and there is no other.
    cell.make_pool = getattr(module, "make_pool", None) if args.model in POOL_MODELS else None
    if cell.make_pool is not None:
        cell.warmup_size = 0
    return cell


def check_cell(args):
    """The workload's module and the variant's spec, once the workload runs the variant with the
    model, the model is available here and the size is positive; else UsageError."""
    module = load_workload(args.workload)
    variant = module.VARIANTS.get(args.variant)
    if variant is None:
        known = ", ".join(module.VARIANTS)
        raise UsageError(f"workload {args.workload} has no variant {args.variant!r} (it has: {known})")
    workers_by_model = variant["workers"]
    if args.model not in workers_by_model:
        if args.model not in MODEL_IDS:
            raise UsageError(f"unknown model {args.model!r} (known: {', '.join(MODEL_IDS)})")
        known = ", ".join(workers_by_model)
        raise UsageError(f"{args.workload}/{args.variant} does not run {args.model} (it runs: {known})")
    reason = unavailable_models().get(args.model)
    if reason is not None:
        print(json.dumps({"ok": False, "unavailable": True, "error": reason}))
        raise UsageError(f"model {args.model} is unavailable: {reason}")
    if args.size < 1:
        raise UsageError(f"--size must be at least 1, not {args.size}")
    return module, variant


def choose_start_method(cell):
    """Sets a process model's start method (--start-method, or the interpreter's default), if this
    interpreter has it, and leaves out the warm-up where it would warm nothing."""
    available = start_methods()
    cell.start_method = cell.args.start_method or default_start_method()
    if cell.start_method not in available:
        known = ", ".join(available)
        raise UsageError(f"start method {cell.start_method!r} is not available here (only {known})")
    # What a warm-up can warm for processes lives in this process, once per program: every
    # run's workers, queues and pool threads are new anyway. The imports are done
    # (import_process_machinery), and fork needs nothing else, a worker being a copy of this
    # process. spawn and forkserver start a resource tracker the first time; in the cell
    # server it is running already. So the warm-up, which would add only its own pool's
    # start-up, is skipped, except for spawn and forkserver run on their own (`run`), which
    # warm up with one worker.
    if cell.start_method == "fork" or harness_processes.RESOURCE_TRACKER_STARTED:
        cell.warmup_size = 0


def parse_workers(text, model, allowed):
    if text is None:
        choices = ", ".join(str(w) for w in allowed)
        raise UsageError(f"--workers is required for model {model} (the catalogue has {choices})")
    if text == "per_task":
        return text
    if text == "default":
        if model not in MODELS_WITH_DEFAULT_SIZE:
            raise UsageError(f"--workers default does not apply to {model}: it has no default size")
        return text
    try:
        count = int(text)
    except ValueError:
        raise UsageError(f"--workers must be an integer, per_task or default, not {text!r}") from None
    if count < 1:
        raise UsageError(f"--workers must be at least 1, not {count}")
    return count


def resolve_workers(spec, model, size):
    """(what the workload gets, what we report). per_task: the size; default: None, reported
    as the size the library will pick."""
    if spec == "per_task":
        return size, size
    if spec == "default":
        if model in POOL_MODELS:
            return None, process_pool_default_workers()
        return None, thread_pool_default_workers()
    return spec, spec
