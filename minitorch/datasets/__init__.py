"""Small data sets for learning, all offline: nothing is ever downloaded.

* Real data shipped in the package (``classic.py``): :func:`load_iris`, :func:`load_digits`.
* Toy problems generated on the fly (``synthetic.py``): :func:`xor`, :func:`make_moons`,
  :func:`make_circles`, :func:`make_spirals`, :func:`make_regression_sum`.
* Helpers (``split.py``): :func:`train_test_split`, :func:`standardize`.

The names and arguments follow scikit-learn's ``sklearn.datasets`` where it
has the same thing (with ``seed=`` for ``random_state=``); everything comes
back as minitorch tensors: features ``float32``, class labels ``int64``.
"""

from .classic import Bunch, load_digits, load_iris
from .split import standardize, train_test_split
from .synthetic import make_circles, make_moons, make_regression_sum, make_spirals, xor

__all__ = [
    "Bunch", "load_iris", "load_digits",
    "xor", "make_moons", "make_circles", "make_spirals", "make_regression_sum",
    "train_test_split", "standardize",
]
