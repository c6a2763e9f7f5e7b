"""beta: made up."""
