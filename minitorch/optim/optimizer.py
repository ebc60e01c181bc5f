"""``Optimizer``: the base class of SGD, Adam, RMSprop, as ``torch.optim.Optimizer``.

An optimizer holds the parameters it updates in *parameter groups*: dicts with
a ``'params'`` list and that group's options (``lr``, ``momentum``, ...), so
different layers can use different settings::

    opt = mt.optim.SGD([
        {"params": model[0].parameters(), "lr": 0.01},
        {"params": model[2].parameters()},          # uses the default lr below
    ], lr=0.1, momentum=0.9)

The training loop is always the same three calls::

    opt.zero_grad()        # forget the previous gradients
    loss.backward()        # compute new ones into p.grad
    opt.step()             # update every p in place from p.grad

Every optimizer's ``step`` has the same shape: for each parameter ``p`` with
a gradient, read it with :meth:`Optimizer._gradient` (negated to maximize,
plus the L2 penalty), update the running averages in ``opt.state[p]``
(tensors and numbers), and change ``p`` in place with ``p.add_(..., alpha=-lr)``
under ``no_grad`` (so the Parameter object stays the one the model holds). The
state travels through ``state_dict()`` / ``load_state_dict()`` to resume training.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..autograd.grad_mode import enable_grad
from ..tensor import Tensor


class _Required:
    """Marks an option that has no default (SGD's ``lr``)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()


class Optimizer:
    """Base class: keeps parameter groups and state; subclasses write ``step()``.

    Args:
        params: an iterable of tensors (e.g. ``model.parameters()``), of
            ``(name, tensor)`` pairs (``model.named_parameters()``), or of dicts
            each with a ``'params'`` entry and per-group options.
        defaults: the options of a group that doesn't set them.
    """

    def __init__(self, params, defaults: dict) -> None:
        self.defaults = defaults
        self.state: dict = {}  # parameter -> {name: tensor or number}
        self.param_groups: list = []
        if isinstance(params, Tensor):
            raise TypeError(
                f"{type(self).__name__}: params should be an iterable of Tensors or dicts, but got a single "
                "Tensor; wrap it in a list: [tensor]"
            )
        if isinstance(params, (set, dict)):
            raise TypeError(
                f"{type(self).__name__}: params must be an ordered iterable (a list or model.parameters()), "
                f"not a {type(params).__name__}, so the order is the same on every run"
            )
        if hasattr(params, "parameters") and callable(params.parameters) or callable(params):
            raise TypeError(
                f"{type(self).__name__}: params should be the tensors to optimize, got "
                f"{'the module ' + type(params).__name__ if hasattr(params, 'parameters') else 'a function'}; "
                "pass model.parameters() "
                "(with the parentheses)"
            )
        groups = list(params)
        if not groups:
            raise ValueError(
                f"{type(self).__name__} got an empty parameter list: the model has no parameters, or the "
                "generator model.parameters() was already used up (make the optimizer from a fresh call)"
            )
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict) -> None:
        """Add a group of parameters with its own options (missing ones come from the defaults)."""
        name = type(self).__name__
        if not isinstance(param_group, dict):
            raise TypeError(f"{name}: a parameter group must be a dict with a 'params' entry, got {type(param_group).__name__}")
        group = dict(param_group)
        if "params" not in group:
            raise ValueError(f"{name}: a parameter group needs a 'params' entry, got keys {sorted(group)}")
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        if params and all(isinstance(p, tuple) and len(p) == 2 for p in params):
            group["param_names"] = [n for n, _ in params]
            params = [p for _, p in params]
        unique = list({id(p): p for p in params}.values())
        if len(unique) != len(params):
            warnings.warn(
                f"{name}: the parameter group lists some parameters more than once; each is kept once "
                "(stepping one twice would apply its update twice). PyTorch warns about this too.",
                UserWarning, stacklevel=4,
            )
            params = unique
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"{name} can only optimize Tensors, but one of the params is a {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError(
                    f"{name}: can't optimize a non-leaf Tensor (one computed from other tensors); "
                    "give it the tensors you created, e.g. model.parameters()"
                )
        group["params"] = params
        for key, default in self.defaults.items():
            if default is required and key not in group:
                raise TypeError(
                    f"{name}: no value for '{key}', which has no default; pass it, e.g. "
                    f"{name}(model.parameters(), {key}=0.1)"
                )
            group.setdefault(key, default)
        self._check_options(group)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError(f"{name}: some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def _check_options(self, group: dict) -> None:
        """Subclasses reject invalid option values here, with a clear message."""

    @staticmethod
    def _check_non_negative(opt: str, **values) -> None:
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{opt}: {key} must be a number, got {value!r} ({type(value).__name__})")
            if not value >= 0:
                raise ValueError(f"{opt}: invalid {key}: {value} (it must be >= 0)")

    # ----------------------------------------------------------- the loop
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: set every ``p.grad`` to ``None`` (or to zeros with ``set_to_none=False``)."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.zero_()

    def step(self, closure=None):
        """Update every parameter that has a gradient; subclasses define the rule."""
        raise NotImplementedError(f"{type(self).__name__} must define step()")

    @staticmethod
    def _evaluate(closure):
        """Run ``closure`` (which recomputes and returns the loss) with gradients on, as PyTorch."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def _params_with_grad(self, group: dict):
        """The parameters of ``group`` that received a gradient, with their state dict."""
        for p in group["params"]:
            if p.grad is not None:
                yield p, self.state.setdefault(p, {})

    @staticmethod
    def _gradient(p: Tensor, group: dict) -> Tensor:
        """``p.grad`` as the update rule uses it: negated to maximize, plus ``weight_decay · p`` (L2)."""
        g = -p.grad if group["maximize"] else p.grad
        if group["weight_decay"] != 0:
            g = g + group["weight_decay"] * p
        return g

    # -------------------------------------------------------- state dicts
    def state_dict(self) -> dict:
        """``{'state': {index: {name: tensor/number}}, 'param_groups': [options + 'params': [indices]]}``.

        Parameters are numbered in group order, as in PyTorch; the tensors are copies.
        """
        index: dict = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            packed["params"] = [index.setdefault(id(p), len(index)) for p in group["params"]]
            groups.append(packed)
        state = {}
        for group in self.param_groups:
            for p in group["params"]:
                if self.state.get(p):  # (plain SGD keeps nothing: no entry, as in PyTorch)
                    state[index[id(p)]] = {
                        k: v.clone() if isinstance(v, Tensor) else v for k, v in self.state[p].items()
                    }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore options and per-parameter state saved by :meth:`state_dict` (for the same parameters)."""
        name = type(self).__name__
        if not isinstance(state_dict, dict) or set(state_dict) != {"state", "param_groups"}:
            keys = sorted(state_dict) if isinstance(state_dict, dict) else type(state_dict).__name__
            raise ValueError(
                f"{name}.load_state_dict: expected the dict made by an optimizer's state_dict(), with keys "
                f"'state' and 'param_groups', got {keys} (a model's state_dict goes to model.load_state_dict)"
            )
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"{name}.load_state_dict: the saved state has {len(saved_groups)} parameter group(s), "
                f"this optimizer has {len(self.param_groups)}"
            )
        by_index = {}
        for i, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(group["params"]) != len(saved["params"]):
                raise ValueError(
                    f"{name}.load_state_dict: parameter group {i} has {len(saved['params'])} parameter(s) in the "
                    f"saved state but {len(group['params'])} here; was it saved from a different model?"
                )
            by_index.update(zip(saved["params"], group["params"]))
        state = {}
        for key, values in state_dict["state"].items():
            p = by_index.get(int(key))
            if p is None:
                continue
            restored = {}
            for k, v in values.items():
                if isinstance(v, Tensor):
                    v = v.detach().cpu().numpy()
                if isinstance(v, np.ndarray) and v.ndim == 0 and (p.ndim > 0 or v.dtype.kind in "iu"):
                    v = v.item()  # a number (the step count) that a file format stored as a 0-d array
                elif isinstance(v, np.ndarray):
                    v = Tensor(np.array(v, dtype=p.dtype.np)).to(p.device)  # (files hold NumPy arrays)
                    if v.shape != p.shape:
                        raise ValueError(
                            f"{name}.load_state_dict: state '{k}' of parameter {key} has shape {v.shape}, "
                            f"but the parameter has shape {p.shape}"
                        )
                restored[k] = v
            state[p] = restored
        self.state = state
        for i, saved in enumerate(saved_groups):
            group = {k: v for k, v in saved.items() if k != "params"}
            group["params"] = self.param_groups[i]["params"]
            self.param_groups[i] = group

    def __repr__(self) -> str:
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key not in ("params", "param_names"):
                    text += f"    {key}: {group[key]}\n"
        return text + ")"
