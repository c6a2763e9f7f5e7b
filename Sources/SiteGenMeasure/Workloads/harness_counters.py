"""The counters the harness reads around a timed region: CPU seconds and what else the machine did.

cpu_seconds() is the region's CPU time (this process and its reaped children); MachineCounters
is its contamination (other processes' CPU time, steal, preemptions, clock speed). Kept apart
from the code that runs a cell so that what is counted, and how, reads in one place. A support
module of harness.py (see there): standard library only, Python 3.9+.
"""

import os
import time

try:
    import resource  # not on Windows
except ImportError:
    resource = None


def cpu_seconds():
    """CPU time of this process and of every child it has waited for, user + system."""
    if resource is None:
        return time.process_time()  # this process only: the best Windows offers without extras
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class MachineCounters:
    """What else the machine did while a timed region ran, read before and after it.

    On a shared or virtual machine the same loop can take 30 % longer from one run to the next
    while nothing on this machine looks busy: the hypervisor ran another guest on our CPU (steal
    time), or a neighbour shared its core. The driver flags a run measured under such
    contamination and measures it again. Linux only for steal and the CPU time of other
    processes (/proc/stat, in clock ticks of usually 10 ms); involuntary context switches
    (another process preempted ours) come from getrusage everywhere but Windows.
    """

    def __init__(self, busy_ticks, steal_ticks, group_ticks, switches, cpus):
        self.busy_ticks = busy_ticks
        self.steal_ticks = steal_ticks
        self.group_ticks = group_ticks
        self.switches = switches
        self.cpus = cpus

    @classmethod
    def read(cls):
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        busy = steal = None
        try:
            with open("/proc/stat") as stat:
                lines = stat.read().splitlines()
            wanted = {f"cpu{n}" for n in cpus} if cpus else None
            busy = steal = 0
            for line in lines:
                fields = line.split()
                if not fields or not fields[0].startswith("cpu") or fields[0] == "cpu":
                    continue
                if wanted is not None and fields[0] not in wanted:
                    continue
                ticks = [int(value) for value in fields[1:9]] + [0] * max(0, 9 - len(fields))
                user, nice, system, _idle, _iowait, irq, softirq, stolen = ticks[:8]
                busy += user + nice + system + irq + softirq
                steal += stolen
        except (OSError, ValueError):
            busy = steal = None
        switches = None
        if resource is not None:
            own = resource.getrusage(resource.RUSAGE_SELF)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            switches = own.ru_nivcsw + children.ru_nivcsw
        return cls(busy, steal, cls.group_ticks_now(), switches, cpus)

    @staticmethod
    def group_ticks_now():
        """CPU ticks of the other live processes of this run's process group (a loopback server
        stands in for a remote machine: its time is neither ours nor contamination), by pid."""
        ticks = {}
        if not os.path.isdir("/proc/self"):
            return ticks
        me, group = os.getpid(), os.getpgid(0)
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            # After the command: state, ppid, pgrp, …; utime and stime are the 12th and 13th.
            if len(fields) > 12 and int(fields[2]) == group:
                ticks[int(entry)] = int(fields[11]) + int(fields[12])
        return ticks

    def since(self, before, own_cpu_s):
        """The contamination of the region between `before` and now, as the results report it."""
        tick_s = 1 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01
        report = {"other_cpu_s": None, "steal_s": None, "involuntary_switches": None,
                  "cpu_mhz": cpu_frequency_mhz(self.cpus), "tick_s": tick_s}
        if self.busy_ticks is not None and before.busy_ticks is not None:
            group_ticks = sum(now - before.group_ticks[pid] for pid, now in self.group_ticks.items()
                              if pid in before.group_ticks)
            busy_s = (self.busy_ticks - before.busy_ticks - group_ticks) * tick_s
            report["other_cpu_s"] = max(0.0, busy_s - own_cpu_s)
            report["steal_s"] = (self.steal_ticks - before.steal_ticks) * tick_s
        if self.switches is not None and before.switches is not None:
            report["involuntary_switches"] = self.switches - before.switches
        return report


def cpu_frequency_mhz(cpus):
    """The mean current frequency of our CPUs where the kernel tells it (cpufreq), else None;
    virtual machines usually don't."""
    readings = []
    for n in cpus or []:
        try:
            with open(f"/sys/devices/system/cpu/cpu{n}/cpufreq/scaling_cur_freq") as current:
                readings.append(int(current.read()) / 1000)
        except (OSError, ValueError):
            return None
    return sum(readings) / len(readings) if readings else None
