"""Mutation analysis: how many wrong answers the public and hidden checks catch.

- ``operators.py``: the mutants, catalogued (the rubric's mistakes) and generated (one small change each);
- ``analysis.py``: each mutant graded as a submission, equivalent ones left out;
- ``report.py``: the table.

``python -m autograder.mutants [ASSIGNMENT ...]`` (or ``autograder mutants``) prints the table.
"""
from ..conventions import grading_seed


def main(assignment_names=None):
    from .analysis import analyse
    from .report import table
    seed = grading_seed()
    print(table(analyse(assignment_names, seed)))
    print(f"(fresh inputs drawn with seed {seed})")
