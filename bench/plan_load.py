"""Time reading and writing a generated plan file of many tasks: ``python bench/plan_load.py [tasks]``."""

from __future__ import annotations

import sys
import time

from headway.io.plan import dumps, loads


def generate_plan(tasks: int, group: int = 50) -> str:
    """YAML text of a plan with ``tasks`` tasks in summaries of ``group``, about 8 lines per task."""
    lines = ["project:", "  name: Benchmark", "  start: 2027-01-04", "resources:"]
    lines += [f"  - {{id: r{i}, name: Person {i}, units: 100%, rate: 100}}" for i in range(20)]
    lines.append("tasks:")
    count = 0
    for g in range(0, tasks, group):
        lines += [f"  - id: g{g}", f"    name: Phase {g // group}", "    tasks:"]
        count += 1
        for i in range(g, min(g + group - 1, tasks - 1)):
            count += 1
            lines += [f"      - id: t{i}", f"        name: Task number {i} of the benchmark plan",
                      f"        duration: {1 + i % 7}d", "        estimate: 1d/2d/4d"]
            if i > g:
                lines.append(f"        after: [t{i - 1}]" if i % 5 else
                             f"        after: [{{task: t{i - 1}, type: SS, lag: 1d}}]")
            lines += [f"        assign: [r{i % 20}]", "        tags: [bench, generated]",
                      f"        notes: note {i}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = generate_plan(size)
    began = time.perf_counter()
    result = loads(text, "bench.yaml")
    read = time.perf_counter() - began
    began = time.perf_counter()
    out = dumps(result.project)
    write = time.perf_counter() - began
    print(f"{'tasks':>8} {'lines':>8} {'load s':>8} {'dumps s':>8}")
    print(f"{len(result.project.tasks):>8} {text.count(chr(10)):>8} {read:>8.3f} {write:>8.3f}")
    assert len(out) > 0


if __name__ == "__main__":
    main()
