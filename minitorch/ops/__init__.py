"""Every differentiable op, each a small :class:`~minitorch.autograd.Function` with
its forward and backward side by side, grouped by family:

* ``elementwise``: arithmetic and math applied number by number (``+``, ``exp``, ``relu``, ...)
* ``reduction``: ops that combine many numbers into fewer (``sum``, ``max``, ``logsumexp``, ...)
* ``matrix``: matrix products (``@``, and the affine map ``x Wᵀ + b`` of linear layers)
* ``shape``: ops that move numbers around without changing them (``reshape``, indexing, ``cat``, ...)
* ``loss``: fused losses (squared error, cross-entropy, binary cross-entropy) with a stable forward
  and closed-form backward
* ``broadcasting``: ``unbroadcast``, the one helper that sums a broadcast gradient back
"""
