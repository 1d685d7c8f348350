"""Refreshers: spaced repetition (FSRS) of the questions a learner met in quizzes, lessons and videos."""
