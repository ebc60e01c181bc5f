# pt_polynomial_nn.py: the cubic fit of sin(x) as a one-layer torch.nn model.
#
# In the manner of PyTorch's "Learning PyTorch with Examples", section "PyTorch: nn".
# Original code written for this suite, in its own words and structure; nothing is copied
# from the tutorial.
#
# What it does, as a learner of that section writes it:
#   - turns x into the features (x, x^2, x^3) with x.unsqueeze(-1).pow(powers), a
#     broadcast against torch.tensor([1, 2, 3]);
#   - builds nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1)) so that the output has the
#     shape of y, and nn.MSELoss(reduction="sum");
#   - trains with model.zero_grad(), loss.backward() and, under torch.no_grad(),
#     `param -= lr * param.grad` over model.parameters();
#   - reads the fitted polynomial from model[0].bias.item() and model[0].weight[:, i].item().
#
# Data: 2,000 points of sin(x) on [-pi, pi]; 3,000 steps.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): final_loss
# 8.8196-8.8311 (0.13 %); the x^3 coefficient -0.09317 to -0.09293 (0.00024).
# compare: final_loss rel=0.002
# compare: weight_x3 abs=0.00036
import math

import torch
from torch import nn

torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

powers = torch.tensor([1, 2, 3])
features = x.unsqueeze(-1).pow(powers)  # (2000, 3): x, x^2, x^3
print("features:", tuple(features.shape), features.dtype)

model = nn.Sequential(
    nn.Linear(3, 1),
    nn.Flatten(0, 1),  # (2000, 1) -> (2000,)
)
loss_fn = nn.MSELoss(reduction="sum")

lr = 1e-6
for t in range(3000):
    y_pred = model(features)
    loss = loss_fn(y_pred, y)
    if t % 1000 == 999:
        print(t, loss.item())

    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= lr * param.grad

layer = model[0]
print(f"y = {layer.bias.item():.4f} + {layer.weight[:, 0].item():.4f} x "
      f"+ {layer.weight[:, 1].item():.4f} x^2 + {layer.weight[:, 2].item():.4f} x^3")
print(f"RESULT final_loss={loss.item():.6f}")
print(f"RESULT weight_x3={layer.weight[:, 2].item():.6f}")
