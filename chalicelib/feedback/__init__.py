"""Content feedback: learners react to lessons and videos, "outdated" becomes the authors' task, and
authors see completions, drop-off per card and how their questions are answered."""
