"""Learning content from mentors and experts: the content core shared by lessons and videos
(scope, authors, language variants, lifecycle, versions, who may read what, learners' progress),
and lessons (microlearnings made of cards)."""
