"""What a gradient check's printed message says: that there is a mistake, that the gradient is right,
or neither plainly. Judged on meaning, never on wording.

The words learners use: the kit's ("does not match ...: backward propagation has a mistake" /
"matches ...: looks right"), the course's ("There is a mistake in the backward propagation!" /
"Your backward propagation works perfectly fine!") and the like ("gradient check failed", "the
gradient is correct"). A denied trouble ("no mistake") is good news; a denied good word ("not
correct", "does not match") is trouble.
"""
import enum
import re

from .i18n import N_

DENIED_TROUBLE = re.compile(r"\b(no|without(?: any)?|free of)\s+(?:mistakes?|errors?|bugs?|problems?)\b")
TROUBLE = re.compile(
    r"\b(?:mistakes?|wrong|bugs?|buggy|incorrect|fail(?:s|ed|ure)?|mismatch(?:es|ed)?|broken"
    r"|(?:does|do|did|is|are)\s*(?:not|n't)\s+(?:match|agree|work|correct|right|fine|ok|okay|good)\w*"
    r"|not\s+(?:match|agree|work|correct|right|fine|ok|okay|good|pass)\w*"
    r"|(?:an|has|have|with|found|contains?|some)\s+errors?|errors?\s+in)\b")
GOOD = re.compile(r"\b(?:correct(?:ly)?|right|fine|works?|working|perfect(?:ly)?|pass(?:es|ed)?|match(?:es|ed)?"
                  r"|agrees?|ok|okay|good|success(?:ful)?)\b")
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class Verdict(enum.Enum):
    """What a message says; the value is how a hint puts it."""
    MISTAKE = N_("that there is a mistake")
    RIGHT = N_("that the gradient is right")


def message_verdict(printed):
    """The Verdict the message plainly says, or None when it says neither or both."""
    text = ANSI_COLOUR.sub(" ", printed).lower().replace("\u2019", "'")
    good = bool(DENIED_TROUBLE.search(text))
    text = DENIED_TROUBLE.sub(" ", text)
    trouble = bool(TROUBLE.search(text))
    good = good or bool(GOOD.search(TROUBLE.sub(" ", text)))
    if trouble != good:
        return Verdict.MISTAKE if trouble else Verdict.RIGHT
    return None
