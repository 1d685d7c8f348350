"""Questions and answers: a question is a wall post; answers, acceptance, votes, experts, escalation."""
