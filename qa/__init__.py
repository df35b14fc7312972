"""Question answering: cited extractive answers, document questions, figure tracing, abstention.

Returns typed results only (``Answer``, ``Citation``, ``TraceHit``); their text and HTML are made
where they are shown: ``tracuu/terminal.py`` for the CLI, ``ui/`` for the web app."""

from qa.analyze import QuestionInfo, analyze
from qa.answer import Answerer
from qa.extract import extract_answer
from qa.models import NO_ANSWER, Answer, Citation, FootnoteRef
from qa.trace import TraceHit, trace_figure

__all__ = [
    "NO_ANSWER",
    "Answer",
    "Answerer",
    "Citation",
    "FootnoteRef",
    "QuestionInfo",
    "TraceHit",
    "analyze",
    "extract_answer",
    "trace_figure",
]
