"""Seeing inside: drawings of the computational graph, and training plots.

* :func:`draw_graph` draws the graph of ops behind a tensor (or a scalar
  ``Value``) with Graphviz (needs the ``dot`` program; see ``INSTALL_DOT``).
* :func:`plot_losses`, :func:`plot_decision_boundary`, :func:`plot_predictions`
  draw training progress and results with matplotlib.

Graphviz and matplotlib are imported only when these are called, so
``import minitorch`` stays fast.
"""

from .graph import INSTALL_DOT, draw_graph
from .plots import plot_decision_boundary, plot_losses, plot_predictions

__all__ = ["INSTALL_DOT", "draw_graph", "plot_decision_boundary", "plot_losses", "plot_predictions"]
