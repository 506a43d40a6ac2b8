"""The grading side of the course kit: rubric, references, runners and command line."""
