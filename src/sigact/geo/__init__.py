"""geo stage (see DESIGN.md)."""
