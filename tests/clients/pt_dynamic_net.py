# pt_dynamic_net.py: a model whose depth is drawn anew at every forward pass, reusing one weight.
#
# In the manner of PyTorch's "Learning PyTorch with Examples", section "PyTorch: Control Flow +
# Weight Sharing". Original code written for this suite, in its own words and structure;
# nothing is copied from the tutorial.
#
# What it does, as a learner of that section writes it:
#   - an nn.Module with five scalar nn.Parameters: a cubic a + b x + c x^2 + d x^3, plus
#     none, one or two of e x^4, e x^5, where one parameter e serves every extra power;
#   - forward() draws how many extra powers to add with Python's random.randint, so the
#     graph is rebuilt differently at each call, and autograd sums e's gradient over uses;
#   - trains with torch.optim.SGD(lr=3e-4, momentum=0.9) and nn.MSELoss(reduction="sum").
#
# Data: 2,000 points of sin(pi x) for x in [-1, 1] (on [-1, 1] the powers up to x^5 stay
# of one size, so plain SGD settles in 1,500 steps). Python's random is seeded, so both
# libraries draw the same depths.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): final_loss
# 9.00013-9.00015 (2e-6 relative); the shared weight e 0.004686-0.004687. The fit forgets
# its random start, so what is left is float32 rounding, and the rules are of that size.
# compare: final_loss rel=1e-5
# compare: coef_e abs=1e-5
import math
import random

import torch


class DynamicNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))
        self.e = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        out = self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3
        # Zero, one or two more terms, all with the same weight e.
        for power in range(4, random.randint(4, 6)):
            out = out + self.e * x ** power
        return out

    def string(self):
        return (f"{self.a.item():.4f} + {self.b.item():.4f} x + {self.c.item():.4f} x^2 + "
                f"{self.d.item():.4f} x^3 + {self.e.item():.5f} x^4 (+ {self.e.item():.5f} x^5)")


random.seed(0)
torch.manual_seed(0)
x = torch.linspace(-1, 1, 2000)
y = torch.sin(math.pi * x)

model = DynamicNet()
criterion = torch.nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=3e-4, momentum=0.9)
for t in range(1500):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 300 == 299:
        print(t + 1, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print("y =", model.string())
print(f"RESULT final_loss={loss.item():.6f}")
print(f"RESULT coef_e={model.e.item():.6f}")
