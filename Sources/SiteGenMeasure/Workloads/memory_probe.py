"""How much memory a process holds, as the overhead workload reads it.

Resident memory (RSS) counts every page a process can touch, shared ones included, so children
forked from one parent all count the pages they share. On Linux, /proc/<pid>/smaps_rollup also
gives PSS, which shares each shared page out among the processes that map it, and the private
(unshared) total. Elsewhere only the peak resident size of the process itself is known
(getrusage), which is still right for a difference while memory only grows.
"""

import sys

try:
    import resource  # not on Windows
except ImportError:
    resource = None


def read_status_kib(pid, field):
    """A "VmRSS:   1234 kB" style figure from /proc/<pid>/status (Linux), or None."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def read_smaps_rollup_kib(pid):
    """Pss and the private (unshared) total of a process, from /proc/<pid>/smaps_rollup, or None."""
    figures = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                parts = line.split()
                if len(parts) == 3 and parts[2] == "kB":
                    figures[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        return None
    if "Pss" not in figures:
        return None
    private = figures.get("Private_Clean", 0) + figures.get("Private_Dirty", 0)
    return {"pss": figures["Pss"], "uss": private}


def peak_rss_kib():
    """Peak resident memory of this process in KiB (ru_maxrss: KiB on Linux, bytes on macOS)."""
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def resident_kib():
    """(resident memory of this process in KiB, what it is). The peak is the fallback off Linux:
    it only grows, so while memory only grows a difference of peaks is still right."""
    current = read_status_kib("self", "VmRSS")
    if current is not None:
        return current, "VmRSS"
    return peak_rss_kib(), "ru_maxrss"
