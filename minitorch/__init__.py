"""minitorch: a small PyTorch built from scratch on NumPy, for learning."""

__version__ = "0.1.0"
