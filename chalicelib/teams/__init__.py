"""Teams: departments and branches an org admin defines, with at most one team per member."""
