"""What the isolated grader lets a submission spend: the learner's check before submitting runs
the notebook within the same wall clock. The grader's sandbox takes its limits from here."""

CALL_SECONDS = 10.0  # wall clock for the definitions and for each graded call
SUBMISSION_SECONDS = 60.0  # wall clock for the whole submission
MEMORY_BYTES = 2 * 2**30  # address space of each of the grader's processes
