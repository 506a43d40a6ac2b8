"""The public tests' words: every sentence ``public_test`` says of its own, and how a report is laid out.

Reports are plain text (IPython shows a failure's report as it is); only the line saying that a
function passed is green, which Jupyter draws from the terminal's colour code. Lines wrap at words
to a notebook cell's width, never inside a number. What differs is said by ``compare``, a mistake's
hint by the grader's rubric (shipped in ``mistakes``); this module only frames them.
"""
import textwrap

WIDTH = 88  # characters in a notebook cell's output at 1280 px
INDENT = "  "

LIKELY_MISTAKE = "Likely mistake: "
SHOWN_DIFFERENCES = 3  # a report says the first few; the rest are alike or follow from them


def more_differences(count):
    return f"(and {count} more difference{'s' * (count != 1)})"


GREEN, PLAIN = "\033[92m", "\033[0m"


def passed(name, count, properties=0):
    checked = f", and {properties} property check(s) on fresh inputs" if properties else ""
    return f"{GREEN}{name}: all {count} public test(s) passed{checked}.{PLAIN}"


def failed(name, failures, count):
    return f"{name} failed {failures} of {count} public test(s):"


def failed_properties(name, failures, count):
    return f"{name} passes its public tests but fails {failures} of {count} property check(s) on fresh inputs:"


def fresh_inputs(property_name, role):
    return f"fresh inputs ({role}) of the property check '{property_name}'"


def drawn_again(name, seed):
    return f"(The inputs were drawn from seed {seed}: public_test({name}, seed={seed}) draws them again.)"


def unknown_function(name):
    return f"There are no public tests for a function named {name!r}: keep the course's name."


def not_written(name):
    return f"{name} is not written yet: replace `raise NotImplementedError()` in the cell above."


def raised(name, case, error):
    said = f"{name} raised {type(error).__name__} on {case}"
    return f"{said}: {error}" if str(error) else f"{said}."


def raised_at(line_number, function):
    """Where in the learner's code: the line number counts from the top of its cell (or file)."""
    return f"In {function}, line {line_number}:"


KEPT_SPACE = "\u00a0"  # textwrap never breaks at it


def paragraph(text, indent=""):
    """``text`` as lines of at most WIDTH characters, broken at spaces only (a minus sign is no hyphen), and
    never inside `code`."""
    pieces = text.split("`")
    kept = "`".join(piece.replace(" ", KEPT_SPACE) if index % 2 else piece for index, piece in enumerate(pieces))
    return [line.replace(KEPT_SPACE, " ") for line in
            textwrap.wrap(kept, width=WIDTH, initial_indent=indent, subsequent_indent=indent + INDENT,
                          break_long_words=False, break_on_hyphens=False)] or [indent]
