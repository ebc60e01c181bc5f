# pt_basics_autograd.py: a one-layer network's gradients with torch.autograd, and what turns tracking off.
#
# In the manner of PyTorch's "Learn the Basics: Automatic differentiation with torch.autograd".
# Original code written for this suite, in its own words and structure; nothing is copied
# from the tutorial.
#
# What it does, as a learner of that page writes it:
#   - x = torch.ones(5), y = torch.zeros(3), weights and bias from torch.randn(...,
#     requires_grad=True), z = torch.matmul(x, w) + b and
#     F.binary_cross_entropy_with_logits(z, y);
#   - prints z.grad_fn and loss.grad_fn, calls loss.backward() and reads w.grad and b.grad
#     (checked against the formula: d loss / d b = (sigmoid(z) - y) / 3);
#   - shows z.requires_grad turned off by `with torch.no_grad():` and by z.detach();
#   - a vector-Jacobian product: out = (inp + 1).pow(2).t() with inp = torch.eye(4, 5,
#     requires_grad=True), out.backward(torch.ones_like(out), retain_graph=True) twice
#     (gradients accumulate), then inp.grad.zero_() and once more.
#
# Spread over seeds: none for the compared values (the formula check is the difference
# between autograd and the formula, 0 up to float32 rounding; the rest is not random).
# compare: b_grad_vs_formula abs=1e-6
# compare: w_grad_vs_formula abs=1e-6
# compare: requires_grad_in_graph exact
# compare: requires_grad_no_grad exact
# compare: requires_grad_detach exact
# compare: jvp_first exact
# compare: jvp_second exact
# compare: jvp_after_zero exact
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.ones(5)   # input
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = F.binary_cross_entropy_with_logits(z, y)

print(f"gradient function for z = {z.grad_fn}")
print(f"gradient function for loss = {loss.grad_fn}")

loss.backward()
print("w.grad:", w.grad)
print("b.grad:", b.grad)

# The mean of the per-output losses: d loss / d z = (sigmoid(z) - y) / 3, and each row of w sees x = 1.
expected_b = (torch.sigmoid(z) - y).detach() / 3
b_grad_vs_formula = (b.grad - expected_b).abs().max().item()
w_grad_vs_formula = (w.grad - x.unsqueeze(1) * expected_b).abs().max().item()

# --- switching tracking off
z = torch.matmul(x, w) + b
requires_grad_in_graph = z.requires_grad
with torch.no_grad():
    z = torch.matmul(x, w) + b
requires_grad_no_grad = z.requires_grad
print(requires_grad_in_graph, requires_grad_no_grad)

z = torch.matmul(x, w) + b
z_det = z.detach()
print(z_det.requires_grad)

# --- vector-Jacobian products
inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"first call\n{inp.grad}")
jvp_first = inp.grad.sum().item()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"second call (accumulated)\n{inp.grad}")
jvp_second = inp.grad.sum().item()
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"after zeroing\n{inp.grad}")
jvp_after_zero = inp.grad.sum().item()

print(f"RESULT b_grad_vs_formula={b_grad_vs_formula:.3g}")
print(f"RESULT w_grad_vs_formula={w_grad_vs_formula:.3g}")
print(f"RESULT requires_grad_in_graph={int(requires_grad_in_graph)}")
print(f"RESULT requires_grad_no_grad={int(requires_grad_no_grad)}")
print(f"RESULT requires_grad_detach={int(z_det.requires_grad)}")
print(f"RESULT jvp_first={jvp_first}")
print(f"RESULT jvp_second={jvp_second}")
print(f"RESULT jvp_after_zero={jvp_after_zero}")
