"""alpha: made up."""
