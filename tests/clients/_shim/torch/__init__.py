"""``import torch`` answered by minitorch, for the client scripts in tests/clients/.

tests/test_clients.py puts this folder first on ``PYTHONPATH`` for the
minitorch run of each script. Then ``import torch`` gives the ``minitorch``
package itself (not a copy, not a wrapper), and ``torch.X.Y`` gives
``minitorch.X.Y``: ``import torch.nn as nn``, ``torch.nn.functional``,
``torch.optim``, ``torch.utils.data``, ``torch.autograd`` all map to the
minitorch module of the same path. Nothing is added or patched: whatever
minitorch lacks fails exactly as a learner would see it (``AttributeError:
module 'minitorch' has no attribute 'cuda'``, ``ModuleNotFoundError: No
module named 'minitorch.fft'``).
"""

import importlib
import importlib.abc
import importlib.util
import sys

import minitorch


class _TorchToMinitorch(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``torch.a.b`` as the already-importable ``minitorch.a.b``."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("torch."):
            return None
        target_name = "minitorch" + fullname[len("torch"):]
        if importlib.util.find_spec(target_name) is None:
            return None  # the import fails as "No module named 'torch.x'"
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        module = importlib.import_module("minitorch" + spec.name[len("torch"):])
        self._own_spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self._own_spec  # importlib set it to ours; minitorch's own stays right


# Every minitorch module imported so far (``import minitorch`` imports them all) under its torch name.
for _name, _module in list(sys.modules.items()):
    if _name.startswith("minitorch."):
        sys.modules["torch" + _name[len("minitorch"):]] = _module
sys.meta_path.insert(0, _TorchToMinitorch())
sys.modules[__name__] = minitorch
