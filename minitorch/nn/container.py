"""Containers: ``Sequential`` (a pipeline of layers) and ``ModuleList`` (a list of layers).

Both register their items as children named ``'0'``, ``'1'``, ..., so
parameter names read ``'0.weight'``, ``'2.bias'``, as in PyTorch.
"""

from __future__ import annotations

from collections import OrderedDict

from .module import Module


def _check_module(owner: str, position, module) -> None:
    if isinstance(module, Module):
        return
    if isinstance(module, type) and issubclass(module, Module):
        raise TypeError(
            f"{owner}: item {position} is the class {module.__name__}, not a layer; "
            f"create one with parentheses: {module.__name__}(...)"
        )
    raise TypeError(
        f"{owner}: item {position} is a {type(module).__name__} ({module!r}), not a Module; "
        "pass layer objects such as mt.nn.Linear(2, 8) or mt.nn.ReLU()"
    )


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: indexing, slicing, len, iteration, append."""

    def __init__(self, modules=()) -> None:
        super().__init__()
        self.extend(modules)

    def _index(self, idx: int) -> int:
        n = len(self._modules)
        if not isinstance(idx, int):
            raise TypeError(f"{type(self).__name__} indices must be ints or slices, not {type(idx).__name__}")
        if not -n <= idx < n:
            raise IndexError(f"index {idx} is out of range for a {type(self).__name__} of length {n}")
        return idx % n

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self._new(OrderedDict(list(self._modules.items())[idx]))
        return list(self._modules.values())[self._index(idx)]

    def __setitem__(self, idx, module) -> None:
        _check_module(type(self).__name__, idx, module)
        key = list(self._modules)[self._index(idx)]
        self._modules[key] = module

    def __delitem__(self, idx) -> None:
        keys = list(self._modules)
        doomed = keys[idx] if isinstance(idx, slice) else [keys[self._index(idx)]]
        for key in doomed:
            del self._modules[key]
        # Renumber, so the names stay 0..n-1 (as PyTorch does).
        self.__dict__["_modules"] = {str(i): m for i, m in enumerate(self._modules.values())}

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module: Module):
        """Add a module at the end; returns self."""
        _check_module(type(self).__name__, len(self), module)
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        _check_module(type(self).__name__, index, module)
        items = list(self._modules.values())
        items.insert(index, module)
        self.__dict__["_modules"] = {str(i): m for i, m in enumerate(items)}


class Sequential(_ModuleSequence):
    """Layers applied one after the other: ``Sequential(a, b, c)(x)`` is ``c(b(a(x)))``.

    Example::

        model = mt.nn.Sequential(mt.nn.Linear(2, 8), mt.nn.ReLU(), mt.nn.Linear(8, 1))
        model[0]      # Linear(in_features=2, out_features=8, bias=True)
        model[:2]     # a Sequential of the first two layers (sharing them)

    Also accepts one ``OrderedDict`` of name -> module, to choose the names.
    """

    def __init__(self, *args) -> None:
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            Module.__init__(self)
            for name, module in args[0].items():
                _check_module("Sequential", repr(name), module)
                self.add_module(name, module)
        else:
            super().__init__(args)

    @staticmethod
    def _new(items: OrderedDict) -> Sequential:
        return Sequential(items)

    def forward(self, input):
        for module in self:
            input = module(input)
        return input


class ModuleList(_ModuleSequence):
    """A list of modules whose parameters the owner registers (a plain Python list would hide them).

    It has no ``forward``: the owning module decides how to use the items.
    """

    def __init__(self, modules=None) -> None:
        super().__init__(modules or ())

    @staticmethod
    def _new(items: OrderedDict) -> ModuleList:
        return ModuleList(items.values())

    def __iadd__(self, modules):
        return self.extend(modules)
