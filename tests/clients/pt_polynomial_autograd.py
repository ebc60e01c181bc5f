# pt_polynomial_autograd.py: the cubic fit of sin(x) again, now with autograd computing the gradients.
#
# In the manner of PyTorch's "Learning PyTorch with Examples", section "PyTorch: Tensors and autograd".
# Original code written for this suite, in its own words and structure; nothing is copied
# from the tutorial.
#
# What it does, as a learner of that section writes it:
#   - asks torch.accelerator for a device (falling back to "cpu") and makes it the default
#     with torch.set_default_device, so that the factories below need no device=;
#   - creates the coefficients with torch.randn((), dtype=..., requires_grad=True);
#   - builds the loss from tensor ops, calls loss.backward() and reads loss.item();
#   - updates the coefficients inside `with torch.no_grad():` and clears each gradient
#     with `.grad = None`.
#
# Data: 2,000 points of sin(x) on [-pi, pi]; 4,000 steps of gradient descent.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): final_loss
# 8.8172-8.8207 (0.04 %); coefficient d -0.09337 to -0.09325 (0.00011).
# compare: final_loss rel=0.0006
# compare: coef_d abs=0.00017
import math

import torch

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"running on {device}")
torch.set_default_device(device)
torch.manual_seed(0)
dtype = torch.float

# Inputs and targets need no gradient; the coefficients do.
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)
a, b, c, d = (torch.randn((), dtype=dtype, requires_grad=True) for _ in range(4))

lr = 1e-6
for it in range(4000):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    if it % 1000 == 0:
        print(it, loss.item())

    loss.backward()  # fills a.grad, b.grad, c.grad and d.grad

    with torch.no_grad():
        for coef in (a, b, c, d):
            coef -= lr * coef.grad
            coef.grad = None

print(f"y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3")
print(f"RESULT final_loss={loss.item():.6f}")
print(f"RESULT coef_d={d.item():.6f}")
