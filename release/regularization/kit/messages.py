"""The public tests' words: every sentence ``public_test`` says of its own, and how a report is laid out.

Reports are plain text (IPython shows a failure's report as it is); only the line saying that a
function passed is green, which Jupyter draws from the terminal's colour code. Lines wrap at words
to a notebook cell's width (a Chinese character is two columns wide), never inside a number. What differs is said by ``compare``, a mistake's
hint by the grader's rubric (shipped in ``mistakes``); this module only frames them.
"""
import re
import unicodedata

from .i18n import _, _n

WIDTH = 88  # characters in a notebook cell's output at 1280 px
INDENT = "  "

SHOWN_DIFFERENCES = 3  # a report says the first few; the rest are alike or follow from them


def likely_mistake(hint):
    """A catalogued mistake's hint (its English text is its id in the catalogue)."""
    return _("Likely mistake: {hint}", hint=_(hint))


def more_differences(count):
    return _n("(and {count} more difference)", "(and {count} more differences)", count)


GREEN, PLAIN = "\033[92m", "\033[0m"


def passed(name, count, properties=0):
    if properties:
        said = _("{name}: all {count} public test(s) passed, and {properties} property check(s) on fresh inputs.",
                 name=name, count=count, properties=properties)
    else:
        said = _("{name}: all {count} public test(s) passed.", name=name, count=count)
    return f"{GREEN}{said}{PLAIN}"


def failed(name, failures, count):
    return _("{name} failed {failures} of {count} public test(s):", name=name, failures=failures, count=count)


def failed_properties(name, failures, count):
    return _("{name} passes its public tests but fails {failures} of {count} property check(s) on fresh inputs:",
             name=name, failures=failures, count=count)


def about(case, text):
    """``text`` said of a public case (its name is English in the cases, said in the learner's language)."""
    return _("{case}: {text}", case=_(case), text=text) if case else text


def property_heading(property_name):
    return _("{property}:", property=_(property_name))


def fresh_inputs(property_name, role):
    return _("fresh inputs ({role}) of the property check '{property}'", role=_(role), property=_(property_name))


def drawn_again(name, seed):
    return _("(The inputs were drawn from seed {seed}: public_test({name}, seed={seed}) draws them again.)",
             seed=seed, name=name)


def unknown_function(name):
    return _("There are no public tests for a function named {name!r}: keep the course's name.", name=name)


def not_written(name):
    return _("{name} is not written yet: replace `raise NotImplementedError()` in the cell above.", name=name)


def raised(name, case, error):
    if str(error):
        return _("{name} raised {error} on {case}: {message}", name=name, error=type(error).__name__, case=_(case),
                 message=error)
    return _("{name} raised {error} on {case}.", name=name, error=type(error).__name__, case=_(case))


def raised_at(line_number, function):
    """Where in the learner's code: the line number counts from the top of its cell (or file)."""
    return _("In {function}, line {line}:", function=function, line=line_number)


# What a line may break before: a space, a wide (CJK) character, and the first character after one. A
# `code` span is one piece, and so is a word of other characters; closing punctuation stays with its piece.
CLOSING = "\u3001\u3002\uff01\uff09\uff0c\uff1a\uff1b\uff1f\u201d"
# A short bracketed stretch (a formula's "sqrt(2 / n_prev)", an index's "[0, 3]") is one piece: no line breaks it.
BRACKETED = r"(?:\([^()\n]{0,40}\)|\[[^\[\]\n]{0,40}\])"
PIECE = (rf"\s+|`[^`]*`[^\s`\u2e80-\uffef]*[{CLOSING}]*|[\u2e80-\uffef][{CLOSING}]*"
         rf"|[^\s`\u2e80-\uffef]*{BRACKETED}[^\s`\u2e80-\uffef]*[{CLOSING}]*|[^\s`\u2e80-\uffef]+[{CLOSING}]*")


def display_width(text):
    """Columns ``text`` takes in a monospaced cell: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def paragraph(text, indent=""):
    """``text`` as lines of at most WIDTH columns, broken at spaces and between Chinese characters only (a
    minus sign is no hyphen, a number is never split), and never inside `code` or a short bracketed formula."""
    lines, line = [], indent
    for piece in re.findall(PIECE, text):  # compiled on first use (re caches it): it costs 13 ms
        if piece.isspace():
            line += " " if line.strip() else ""
        elif line.strip() and display_width(line + piece) > WIDTH:
            lines.append(line.rstrip())
            line = indent + INDENT + piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [indent]
