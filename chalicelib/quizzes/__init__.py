"""Quizzes: the question bank, quizzes, playing them, and what their answers teach the authors."""
