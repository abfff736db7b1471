"""Exam data: the question bank, quizzes, attempts with their answers, and feedback polls."""

from .attempts import Answer, Attempt, AttemptState
from .bank import Choice, Question, QuestionCategory, QuestionType, TaggedQuestion
from .polls import Poll, PollChoice, Vote
from .quizzes import AssignmentKind, GradingMethod, Layout, Quiz, QuizAssignment, QuizSlot, ReviewOption

__all__ = [
    "Answer",
    "AssignmentKind",
    "Attempt",
    "AttemptState",
    "Choice",
    "GradingMethod",
    "Layout",
    "Poll",
    "PollChoice",
    "Question",
    "QuestionCategory",
    "QuestionType",
    "Quiz",
    "QuizAssignment",
    "QuizSlot",
    "ReviewOption",
    "TaggedQuestion",
    "Vote",
]
