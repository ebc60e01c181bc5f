"""``Module``: the base class of every layer and model, as ``torch.nn.Module``.

A module holds parameters and other modules as attributes. Assigning a
:class:`Parameter` or a :class:`Module` to ``self.something`` registers it (in
the order of assignment), which is how ``parameters()``, ``state_dict()``,
``train()``, ``zero_grad()`` and ``repr`` find everything without being told::

    class TwoLayer(mt.nn.Module):
        def __init__(self):
            super().__init__()          # must come first: it creates the registries
            self.hidden = mt.nn.Linear(2, 8)
            self.out = mt.nn.Linear(8, 1)

        def forward(self, x):
            return self.out(self.hidden(x).relu())

    model = TwoLayer()
    [name for name, _ in model.named_parameters()]
    # ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
"""

from __future__ import annotations

from collections import OrderedDict, namedtuple
from collections.abc import Mapping

import numpy as np

from .. import dtypes as _dtypes
from ..autograd.grad_mode import no_grad
from ..device import check_device
from ..device import device as _device
from ..tensor import Tensor, to_array
from .parameter import Parameter

#: What ``load_state_dict`` returns, as PyTorch's ``_IncompatibleKeys``.
IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


class Module:
    """Base class for layers and models: subclass it, set attributes in ``__init__``, write ``forward``.

    Attributes:
        training: ``True`` after ``train()`` (the default), ``False`` after
            ``eval()``; layers such as dropout read it.
    """

    training: bool

    def __init__(self) -> None:
        # object.__setattr__: our own __setattr__ needs these dicts to exist.
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", {})

    # ---------------------------------------------------------------- calling
    def forward(self, *args, **kwargs):
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" method: '
            "define forward(self, x) to say what the module computes"
        )

    def __call__(self, *args, **kwargs):
        """``module(x)`` runs ``module.forward(x)``; call the module, not forward, as in PyTorch."""
        return self.forward(*args, **kwargs)

    # ---------------------------------------------------------- registration
    def _registry(self, name: str, kind: str) -> dict:
        registry = self.__dict__.get(kind)
        if registry is None:
            raise AttributeError(
                f"{type(self).__name__}: cannot assign '{name}' before Module.__init__() was called; "
                "call super().__init__() at the top of your __init__"
            )
        return registry

    def _forget(self, name: str) -> None:
        """Remove ``name`` wherever it is: a plain attribute or one of the registries."""
        self.__dict__.pop(name, None)
        for kind in ("_parameters", "_buffers", "_modules"):
            self.__dict__[kind].pop(name, None)
        self._non_persistent_buffers.discard(name)

    def _registry_of(self, name: str) -> dict | None:
        """The registry (``_parameters``, ``_buffers`` or ``_modules``) that holds ``name``, if any."""
        for kind in ("_parameters", "_buffers", "_modules"):
            registry = self.__dict__.get(kind)
            if registry is not None and name in registry:
                return registry
        return None

    def __setattr__(self, name: str, value) -> None:
        """``self.name = value``: a Parameter or a Module is registered; other values are plain attributes.

        Assigning to a registered name keeps it registered: ``None`` (a missing
        bias), or a tensor for a buffer; anything else there is a mistake.
        """
        if isinstance(value, Parameter):
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            self.add_module(name, value)
        else:
            registry = self._registry_of(name)
            if registry is None:
                object.__setattr__(self, name, value)
            elif value is None or (registry is self._buffers and isinstance(value, Tensor)):
                registry[name] = value
            else:
                wanted = {id(self._parameters): "a mt.nn.Parameter", id(self._buffers): "a Tensor",
                          id(self._modules): "a mt.nn.Module"}[id(registry)]
                raise TypeError(
                    f"cannot assign a {type(value).__name__} to '{name}' of {type(self).__name__}: "
                    f"it is registered, so it takes {wanted} or None"
                )

    def __getattr__(self, name: str):
        # Only called when normal lookup fails: parameters, buffers and modules live in the registries.
        registry = self._registry_of(name)
        if registry is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return registry[name]

    def __delattr__(self, name: str) -> None:
        for kind in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__.get(kind, ()):
                self._forget(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules))

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or ``None``, a declared but absent one, like a missing bias)."""
        self._check_name(name, "parameter")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"register_parameter: '{name}' must be a mt.nn.Parameter or None, got {type(param).__name__}")
        self._registry(name, "_parameters")
        self._forget(name)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a tensor that is state but not learned (saved in ``state_dict`` unless ``persistent=False``)."""
        self._check_name(name, "buffer")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"register_buffer: '{name}' must be a Tensor or None, got {type(tensor).__name__}")
        self._registry(name, "_buffers")
        self._forget(name)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name`` (what ``self.name = module`` does)."""
        self._check_name(name, "module")
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: '{name}' must be a mt.nn.Module or None, got {type(module).__name__}")
        self._registry(name, "_modules")
        self._forget(name)
        self._modules[name] = module

    register_module = add_module

    def _check_name(self, name, what: str) -> None:
        if not isinstance(name, str) or not name or "." in name:
            raise KeyError(f"{what} name must be a non-empty string without '.', got {name!r}")

    # ------------------------------------------------------------- traversal
    def named_modules(self, memo: set | None = None, prefix: str = "", remove_duplicate: bool = True):
        """Yield ``(name, module)`` for this module (name ``''``) and every module inside it, depth first."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, f"{prefix}.{name}" if prefix else name, remove_duplicate)

    def modules(self):
        """This module and every module inside it."""
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        """Yield ``(name, module)`` for the direct children only."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, kind: str, prefix: str, recurse: bool, remove_duplicate: bool = True):
        seen = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in module.__dict__[kind].items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield (f"{module_prefix}.{name}" if module_prefix else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True):
        """Yield ``(dotted name, parameter)``: ``'0.weight'``, ``'layers.1.bias'``; a shared one once."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True):
        """Every parameter, in registration order (what an optimizer needs)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True):
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def apply(self, fn) -> Module:
        """Call ``fn(module)`` on every child (recursively), then on this module; returns self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------ modes
    def train(self, mode: bool = True) -> Module:
        """Set training mode here and in every child (``eval()`` is ``train(False)``); returns self."""
        if not isinstance(mode, bool):
            raise ValueError(f"train(mode): mode must be True or False, got {mode!r}")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode (for dropout, batch norm, ...); same as ``train(False)``."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Turn gradient tracking of every parameter on or off (e.g. to freeze a layer); returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget every parameter's gradient (set ``.grad`` to ``None``, or to zeros)."""
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()

    # ------------------------------------------------------- dtypes and devices
    def to(self, *args, dtype=None, device=None) -> Module:
        """Move parameters and buffers to ``device`` and/or convert the floating-point ones to ``dtype``, in place.

        ``model.to("cuda")``, ``model.to(mt.float64)``, ``model.to(device, dtype)``;
        returns the module itself, as in PyTorch. The parameter objects stay
        the same (an optimizer made before still holds them): their values move.
        """
        for arg in args:
            if isinstance(arg, (str, _device)):
                device = arg
            else:
                dtype = arg
        if device is not None:
            check_device(device, "Module.to")
        if dtype is not None and not _dtypes.from_numpy(_dtypes.to_numpy(dtype)).is_floating_point:
            raise TypeError(f"Module.to only converts to floating-point dtypes, got {dtype}")
        for t in list(self.parameters()) + list(self.buffers()):
            wanted = dtype if t.is_floating_point() else None  # integer buffers (counts) keep their dtype
            moved = t.detach().to(device=device, dtype=wanted)
            if moved._data is not t._data:
                t._data = moved._data
                t._version += 1
                if t.grad is not None:
                    t.grad = t.grad.to(device=device, dtype=wanted)
        return self

    def cpu(self) -> Module:
        return self.to("cpu")

    def cuda(self, device=None) -> Module:
        return self.to(_device("cuda", device) if isinstance(device, int) else device or "cuda")

    def float(self) -> Module:
        return self.to(_dtypes.float32)

    def double(self) -> Module:
        return self.to(_dtypes.float64)

    # ----------------------------------------------------------- state dicts
    def _state_tensors(self, keep_vars: bool = True) -> OrderedDict:
        out = OrderedDict()
        for prefix, module in self.named_modules(remove_duplicate=False):
            dot = f"{prefix}." if prefix else ""
            for name, p in module._parameters.items():
                if p is not None:
                    out[dot + name] = p if keep_vars else p.detach()
            for name, b in module._buffers.items():
                if b is not None and name not in module._non_persistent_buffers:
                    out[dot + name] = b if keep_vars else b.detach()
        return out

    def state_dict(self, *, prefix: str = "", keep_vars: bool = False) -> OrderedDict:
        """Every parameter and persistent buffer by dotted name, as detached tensors sharing their values.

        Save it (``mt.save(model.state_dict(), path)``) and load it back into a
        model of the same architecture with :meth:`load_state_dict`.
        """
        return OrderedDict((prefix + k, v) for k, v in self._state_tensors(keep_vars).items())

    def load_state_dict(self, state_dict: Mapping, strict: bool = True) -> IncompatibleKeys:
        """Copy values from ``state_dict`` into this module's parameters and buffers, in place.

        In place (``copy_``) means the Parameter objects stay the same, so an
        optimizer built on ``model.parameters()`` keeps working.

        Args:
            state_dict: name -> tensor (or array), as made by :meth:`state_dict`.
            strict: if ``True`` (the default), the names must match exactly.

        Returns:
            ``(missing_keys, unexpected_keys)``, a named tuple, as in PyTorch.

        Raises:
            RuntimeError: naming every missing, unexpected (when ``strict``),
                mis-shaped or non-numeric key (always) at once; nothing is copied then.
                Numbers convert to the model's dtype as in PyTorch (3.7 into an
                int64 buffer gives 3).
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"load_state_dict: expected a dict of name -> tensor, got {type(state_dict).__name__}")
        own = self._state_tensors(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        if strict and missing:
            errors.append("Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ".")
        if strict and unexpected:
            errors.append("Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ".")
        values = {}
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            value = value.detach().cpu().numpy() if isinstance(value, Tensor) else np.asarray(value)
            if value.dtype.kind not in "biuf":
                kind = {"U": "text", "S": "bytes", "O": "Python objects (or None)"}.get(value.dtype.kind, value.dtype.name)
                errors.append(
                    f"wrong type for {key}: the checkpoint holds {kind}, not numbers; "
                    f"the model has a {target.dtype} tensor there."
                )
            elif value.shape != target.shape:
                errors.append(
                    f"size mismatch for {key}: copying a param with shape {value.shape} from checkpoint, "
                    f"the shape in current model is {target.shape}."
                )
            else:  # converted now, so that nothing is copied unless every value converts
                values[key] = value.astype(target.dtype.np, casting="unsafe")
        if errors:
            hint = " (strict=False ignores missing and unexpected keys, not size mismatches)" if missing or unexpected else ""
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}{hint}:\n\t" + "\n\t".join(errors)
            )
        with no_grad():
            for key, value in values.items():
                own[key].copy_(Tensor(to_array(value, None)).to(own[key].device))
        return IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------- repr
    def extra_repr(self) -> str:
        """The text inside ``Name(...)`` for this module's own settings; override in subclasses."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = []
        for name, module in self._modules.items():
            text = repr(module).replace("\n", "\n  ")  # indent the child's own lines
            child_lines.append(f"({name}): {text}")
        lines = extra_lines + child_lines
        body = ""
        if len(extra_lines) == 1 and not child_lines:
            body = extra_lines[0]
        elif lines:
            body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{type(self).__name__}({body})"
