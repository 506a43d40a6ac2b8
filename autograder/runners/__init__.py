"""Runners: each turns a plan (``plan.Plan``) into ``{call id: Outcome}`` where the student's code lives.

- ``kernel.py``: inside nbgrader's kernel, on the notebook's own globals (the hidden test cells);
- ``sandboxed.py``: in the sandbox's locked-in processes (``autograder grade``, batches);
- ``in_process`` below: on a namespace in this process, for trusted code (references, mutants, tests).
"""
from ..calls import run_call


def in_process(namespace):
    """A runner that makes every call of a plan on ``namespace``, here."""
    return lambda plan: {call_id: run_call(namespace, call) for call_id, call in plan.calls.items()}
