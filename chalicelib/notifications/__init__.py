"""Following posts and the in-app notification inbox."""
