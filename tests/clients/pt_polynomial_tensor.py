# pt_polynomial_tensor.py: fit sin(x) on [-pi, pi] with a cubic, gradients worked out by hand.
#
# In the manner of PyTorch's "Learning PyTorch with Examples", section "PyTorch: Tensors".
# Original code written for this suite, in its own words and structure; nothing is copied
# from the tutorial.
#
# What it does, as a learner of that section writes it:
#   - picks the device with torch.device("cuda" if torch.cuda.is_available() else "cpu")
#     and a dtype, and passes device=/dtype= to torch.linspace and torch.randn;
#   - predicts y = a + b x + c x^2 + d x^3 with four random scalar tensors;
#   - computes the squared-error loss with .pow(2).sum() and reads it with .item();
#   - writes the gradient of every coefficient by hand (no autograd) and updates the
#     coefficients in place with -=.
#
# Data: 2,000 points of sin(x) on [-pi, pi]; 4,000 steps of plain gradient descent, enough
# for the fit to settle wherever the random start was.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): final_loss
# 8.8172-8.8207 (0.04 %).
# compare: final_loss rel=0.0006
import math

import torch

dtype = torch.float32
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.manual_seed(0)

x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x)

# Four coefficients, drawn at random.
a = torch.randn((), device=device, dtype=dtype)
b = torch.randn((), device=device, dtype=dtype)
c = torch.randn((), device=device, dtype=dtype)
d = torch.randn((), device=device, dtype=dtype)

learning_rate = 1e-6
for step in range(4000):
    x2 = x * x
    x3 = x2 * x
    y_pred = a + b * x + c * x2 + d * x3

    loss = (y_pred - y).pow(2).sum().item()
    if step % 1000 == 999:
        print(f"step {step + 1:5d}  loss {loss:10.4f}")

    # d(loss)/d(y_pred), then the chain rule for each coefficient.
    residual_grad = 2.0 * (y_pred - y)
    grad_a = residual_grad.sum()
    grad_b = (residual_grad * x).sum()
    grad_c = (residual_grad * x2).sum()
    grad_d = (residual_grad * x3).sum()

    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

print(f"fitted: y = {a.item():.4f} + {b.item():.4f} x + {c.item():.4f} x^2 + {d.item():.4f} x^3")
final = (a + b * x + c * x * x + d * x * x * x - y).pow(2).sum().item()
print(f"RESULT final_loss={final:.6f}")
