"""A CPU-bound workflow for the original dispel4py: jobs -> work (about 2 ms of arithmetic each).

The sink prints "RESULT count sum-of-job-numbers" at the end.
"""
from dispel4py.base import IterativePE
from dispel4py.workflow_graph import WorkflowGraph

from common import Range, Totals

SPIN = 11000  # about 2 ms of this loop (in a function) in CPython 3.11 on the development machine


class Work(IterativePE):
    def _process(self, i):
        x = i
        for _ in range(SPIN):
            x = (x * 1103515245 + 12345) % 2147483648
        return [i, x]


jobs = Range()
jobs.name = "jobs"
work = Work()
graph = WorkflowGraph()
graph.connect(jobs, "output", work, "input")
graph.connect(work, "output", Totals(0), "input")
