"""Buddy and mentor programmes: sign-up, matching (a job), the organiser's review, pairs and their
private spaces, check-ins, ending with feedback and rematches."""
