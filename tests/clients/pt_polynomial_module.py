# pt_polynomial_module.py: the cubic fit of sin(x) as a custom nn.Module with four nn.Parameters.
#
# In the manner of PyTorch's "Learning PyTorch with Examples", section "PyTorch: Custom nn Modules".
# Original code written for this suite, in its own words and structure; nothing is copied
# from the tutorial.
#
# What it does, as a learner of that section writes it:
#   - subclasses nn.Module, registers four scalar nn.Parameter(torch.randn(())) in
#     __init__, and writes forward(x) and a describe() method that prints the polynomial;
#   - counts the parameters with sum(p.numel() for p in model.parameters());
#   - uses nn.MSELoss(reduction="sum") and torch.optim.SGD(model.parameters(), lr=1e-6);
#   - runs the zero_grad / backward / step loop.
#
# Data: 2,000 points of sin(x) on [-pi, pi]; 4,000 steps.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): final_loss
# 8.8172-8.8207 (0.04 %); coefficient b 0.85619-0.85699 (0.0008).
# compare: final_loss rel=0.0006
# compare: coef_b abs=0.0012
# compare: n_params exact
import math

import torch
import torch.nn as nn


class Cubic(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(()))
        self.b = nn.Parameter(torch.randn(()))
        self.c = nn.Parameter(torch.randn(()))
        self.d = nn.Parameter(torch.randn(()))

    def forward(self, x):
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def describe(self):
        return (f"y = {self.a.item():.4f} + {self.b.item():.4f} x + "
                f"{self.c.item():.4f} x^2 + {self.d.item():.4f} x^3")


torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

model = Cubic()
n_params = sum(p.numel() for p in model.parameters())
print(model, f"with {n_params} parameters")
print("start:", model.describe())

criterion = nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
for epoch in range(4000):
    loss = criterion(model(x), y)
    if epoch % 1000 == 999:
        print(epoch + 1, f"{loss.item():.4f}")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print("end:  ", model.describe())
print(f"RESULT final_loss={loss.item():.6f}")
print(f"RESULT coef_b={model.b.item():.6f}")
print(f"RESULT n_params={n_params}")
