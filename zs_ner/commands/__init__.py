"""CLI sub-commands that need the model: predict, evaluate, compare."""
