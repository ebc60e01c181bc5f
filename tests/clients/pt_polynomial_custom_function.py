# pt_polynomial_custom_function.py: sin(x) ~ a + b P3(c + d x), with P3 an autograd.Function of our own.
#
# In the manner of PyTorch's "Learning PyTorch with Examples", section "PyTorch: Defining new
# autograd functions". Original code written for this suite, in its own words and structure;
# nothing is copied from the tutorial.
#
# What it does, as a learner of that section writes it:
#   - subclasses torch.autograd.Function for the Legendre polynomial of degree 3,
#     P3(t) = (5 t^3 - 3 t) / 2, with a static forward(ctx, input) that calls
#     ctx.save_for_backward and a static backward(ctx, grad_output) that reads
#     ctx.saved_tensors and returns grad_output * P3'(t);
#   - applies it with `P3 = Cubic.apply`;
#   - starts the four coefficients from fixed values made by torch.full((), value,
#     device=..., dtype=..., requires_grad=True);
#   - trains with loss.backward() and a manual update under torch.no_grad().
#
# Data: 2,000 points of sin(x) on [-pi, pi]; 2,000 steps. Nothing is random: the start is
# fixed, so both libraries must follow the same path (up to float32 rounding).
# The custom backward is also checked against autograd's own derivative of the same formula
# (grad_check, the largest difference, which is exactly 0 or float32 rounding).
# Spread over seeds: none, nothing is random.
# compare: final_loss exact
# compare: coef_b exact
# compare: coef_d exact
# compare: grad_check abs=1e-5
import math

import torch


class Cubic(torch.autograd.Function):
    """The Legendre polynomial P3, with its derivative written out for backward."""

    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        return 0.5 * (5 * t ** 3 - 3 * t)

    @staticmethod
    def backward(ctx, grad_output):
        (t,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * t ** 2 - 1)


dtype = torch.float
device = torch.device("cpu")

x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x)

# A fixed start; from a random one this model can wander off.
a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)

# Does our backward agree with autograd differentiating the formula itself?
t = torch.linspace(-1.5, 1.5, 7, requires_grad=True)
Cubic.apply(t).sum().backward()
ours = t.grad.clone()
t.grad = None
(0.5 * (5 * t ** 3 - 3 * t)).sum().backward()
grad_check = (ours - t.grad).abs().max().item()
print("custom backward vs autograd:", grad_check)

learning_rate = 5e-6
for step in range(2000):
    P3 = Cubic.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    if step % 500 == 499:
        print(step + 1, round(loss.item(), 4))
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f"y = {a.item():.5f} + {b.item():.5f} * P3({c.item():.5f} + {d.item():.5f} x)")
print(f"RESULT final_loss={loss.item():.6f}")
print(f"RESULT coef_b={b.item():.6f}")
print(f"RESULT coef_d={d.item():.6f}")
print(f"RESULT grad_check={grad_check:.3g}")
