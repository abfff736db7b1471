"""Question-bank file formats: each module turns a file into ``QuestionData`` and back, without the ORM.

Readers return ``(questions, problems)``; a problem names a skipped question and the reason, so an
import can report it instead of crashing. ``read_bank`` picks the reader by format name.
"""

from .model import FORMATS, BankFileError, Problem, QuestionData, format_from_filename, read_bank, write_bank

__all__ = ["FORMATS", "BankFileError", "Problem", "QuestionData", "format_from_filename", "read_bank", "write_bank"]
