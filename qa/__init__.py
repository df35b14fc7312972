"""Question answering: cited extractive answers, document questions, figure tracing, abstention."""

from qa.analyze import QuestionInfo, analyze
from qa.answer import Answerer
from qa.extract import extract_answer
from qa.models import NO_ANSWER, Answer, Citation, FootnoteRef
from qa.render import render_answer, render_mentions, render_trace
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
    "render_answer",
    "render_mentions",
    "render_trace",
    "trace_figure",
]
