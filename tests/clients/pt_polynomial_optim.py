# pt_polynomial_optim.py: the nn version of the cubic fit, stepped by an optimizer from torch.optim.
#
# In the manner of PyTorch's "Learning PyTorch with Examples", section "PyTorch: optim".
# Original code written for this suite, in its own words and structure; nothing is copied
# from the tutorial.
#
# What it does, as a learner of that section writes it:
#   - the features x, x^2, x^3 stacked with torch.stack and the model
#     nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1)) with nn.MSELoss(reduction="sum");
#   - torch.optim.RMSprop(model.parameters(), lr=1e-3), then the three lines
#     optimizer.zero_grad(), loss.backward(), optimizer.step();
#   - prints the loss now and then and the fitted polynomial at the end;
#   - then tries another optimizer from the same family on a fresh model,
#     torch.optim.Adam(model.parameters(), lr=1e-2), with the same loop.
#
# Data: 2,000 points of sin(x) on [-pi, pi]; 4,000 steps (by then RMSprop at a fixed rate has
# settled into the same small cycle from any start).
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): final_loss
# 8.9072-8.9209 (0.15 %); the x^3 coefficient -0.09383 to -0.09283 (0.0010); with
# Adam (1,500 steps), adam_loss 8.8172-8.8189 (0.02 %).
# compare: final_loss rel=0.0023
# compare: weight_x3 abs=0.0015
# compare: adam_loss rel=0.0003
import math

import torch

torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
xx = torch.stack([x, x ** 2, x ** 3], dim=1)

model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
criterion = torch.nn.MSELoss(reduction="sum")
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)

for step in range(4000):
    pred = model(xx)
    loss = criterion(pred, y)
    if step % 800 == 799:
        print(f"step {step + 1}: loss {loss.item():.4f}")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

w = model[0].weight.detach()
bias = model[0].bias.item()
print(f"y = {bias:.4f} + {w[0, 0]:.4f} x + {w[0, 1]:.4f} x^2 + {w[0, 2]:.4f} x^3")

# The same fit with Adam.
model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for step in range(1500):
    adam_loss = criterion(model(xx), y)
    optimizer.zero_grad()
    adam_loss.backward()
    optimizer.step()
print(f"Adam: loss {adam_loss.item():.4f}, x^3 weight {model[0].weight[0, 2].item():.4f}")

print(f"RESULT final_loss={loss.item():.6f}")
print(f"RESULT weight_x3={w[0, 2].item():.6f}")
print(f"RESULT adam_loss={adam_loss.item():.6f}")
