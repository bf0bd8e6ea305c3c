"""What the benchmarks read of other processes from Linux's /proc (0 or nothing elsewhere)."""

from __future__ import annotations

from pathlib import Path


def status_mb(pid: int, key: str = "VmRSS") -> float:
    """A memory line of the process's status in MB (``VmRSS`` resident now, ``VmHWM`` peak)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def pss_mb(pid: int) -> float:
    """The process's proportional set size in MB: each page it shares with N processes counts
    1/N, so the PSS of a process tree adds up to the memory it really takes (RSS counts a shared
    page in full in every process that maps it)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def parent_pid(pid: int) -> int | None:
    """The process's parent, None if it is gone."""
    try:
        return int((Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def descendants(pid: int) -> list[int]:
    """The process's children, their children, and so on (from every process's parent id)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def tree_rss_mb(pid: int) -> float:
    """The resident memory of the process and all its descendants, in MB."""
    return status_mb(pid) + sum(status_mb(child) for child in descendants(pid))


def tree_pss_mb(pid: int) -> float:
    """The proportional set size of the process and all its descendants, in MB."""
    return pss_mb(pid) + sum(pss_mb(child) for child in descendants(pid))
