"""Your own minitorch: the code you wrote in the exercise notebooks, one module per chapter.

Each module is written by the last cell of its notebook (minitorch.learner.export);
edit the notebooks, not these files."""
