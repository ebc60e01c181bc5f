# makemore_part4_backprop.py: the MLP's backward pass by hand, checked against autograd, then trained.
#
# In the manner of Andrej Karpathy's "Neural Networks: Zero to Hero", lecture 5, "Building
# makemore Part 4: Becoming a Backprop Ninja". Original code written for this suite, in its
# own words and structure; nothing is copied from the lecture or its notebook.
#
# What it does, as a viewer of that lecture writes it:
#   - the two-layer MLP with batch normalisation, its forward pass cut into small steps
#     (embcat, hprebn, bnmeani, bndiff, bndiff2, bnvar with 1/(n-1), bnvar_inv, bnraw,
#     hpreact, h, logits, logit_maxes with .max(1, keepdim=True).values, norm_logits, counts,
#     counts_sum, counts_sum_inv, probs, logprobs, loss = -logprobs[range(n), Yb].mean());
#   - t.retain_grad() on every intermediate and loss.backward();
#   - exercise 1: every gradient by hand, from dlogprobs = torch.zeros_like(logprobs);
#     dlogprobs[range(n), Yb] = -1.0 / n back to dC (accumulated row by row with
#     dC[ix] += demb[k, j]), with F.one_hot(logits.max(1).indices, num_classes=...) for the
#     max, and a cmp() that prints torch.all(dt == t.grad), torch.allclose(dt, t.grad) and
#     (dt - t.grad).abs().max().item();
#   - exercise 2: the cross-entropy's forward in one call and its backward in three lines:
#     dlogits = F.softmax(logits, 1); dlogits[range(n), Yb] -= 1; dlogits /= n;
#   - exercise 3: batch norm's forward with .var(0, keepdim=True, unbiased=True) and its
#     backward in one expression;
#   - exercise 4: training with the hand-written gradients only, under torch.no_grad(),
#     updating with p.data += -lr * grad, after checking one step against autograd.
#
# Data: tests/clients/data/names.txt (200 names) instead of the lecture's 32,033; 64 hidden
# units; 600 training steps.
# Spread of PyTorch's own results over seeds 0-9 (every manual_seed(s)):
#   start_loss 3.280-3.601 (9.3 %), train_loss 2.120-2.201 (3.8 %); the differences between
#   hand-written and autograd gradients 3.7e-9 to 1.5e-8, the one-call losses and batch norm
#   0 to 9.5e-7: float32 rounding, so those rules are of rounding's size (a wrong gradient
#   is off by 1e-3 or more); all 26 hand-written gradients allclose.
# compare: n_close exact
# compare: n_checked exact
# compare: max_diff abs=1e-6
# compare: loss_fast_diff abs=2e-6
# compare: dlogits_diff abs=1e-6
# compare: bn_forward_diff abs=2e-6
# compare: dhprebn_diff abs=1e-6
# compare: train_step_diff abs=1e-6
# compare: start_loss rel=0.14
# compare: train_loss rel=0.056
import random

import torch
import torch.nn.functional as F

from offline_data import NAMES

words = open(NAMES, "r").read().splitlines()
chars = sorted(list(set("".join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}
vocab_size = len(itos)
block_size = 3


def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(X), torch.tensor(Y)


random.seed(42)
random.shuffle(words)
n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
Xtr, Ytr = build_dataset(words[:n1])
Xdev, Ydev = build_dataset(words[n1:n2])

checked = []


def cmp(s, dt, t):
    ex = torch.all(dt == t.grad).item()
    app = torch.allclose(dt, t.grad)
    maxdiff = (dt - t.grad).abs().max().item()
    checked.append((app, maxdiff))
    print(f"{s:15s} | exact: {str(ex):5s} | approximate: {str(app):5s} | maxdiff: {maxdiff}")


n_embd = 10
n_hidden = 64
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5 / 3) / ((n_embd * block_size) ** 0.5)
b1 = torch.randn(n_hidden, generator=g) * 0.1  # small but not zero: a zero would hide mistakes
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
b2 = torch.randn(vocab_size, generator=g) * 0.1
bngain = torch.randn((1, n_hidden), generator=g) * 0.1 + 1.0
bnbias = torch.randn((1, n_hidden), generator=g) * 0.1
parameters = [C, W1, b1, W2, b2, bngain, bnbias]
print(sum(p.nelement() for p in parameters), "parameters")
for p in parameters:
    p.requires_grad = True

batch_size = 32
n = batch_size
ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
Xb, Yb = Xtr[ix], Ytr[ix]

# ---------------------------------------------------------------- forward, in small steps
emb = C[Xb]
embcat = emb.view(emb.shape[0], -1)
hprebn = embcat @ W1 + b1
bnmeani = 1 / n * hprebn.sum(0, keepdim=True)
bndiff = hprebn - bnmeani
bndiff2 = bndiff ** 2
bnvar = 1 / (n - 1) * bndiff2.sum(0, keepdim=True)  # Bessel's correction
bnvar_inv = (bnvar + 1e-5) ** -0.5
bnraw = bndiff * bnvar_inv
hpreact = bngain * bnraw + bnbias
h = torch.tanh(hpreact)
logits = h @ W2 + b2
logit_maxes = logits.max(1, keepdim=True).values
norm_logits = logits - logit_maxes  # for numerical safety
counts = norm_logits.exp()
counts_sum = counts.sum(1, keepdims=True)
counts_sum_inv = counts_sum ** -1
probs = counts * counts_sum_inv
logprobs = probs.log()
loss = -logprobs[range(n), Yb].mean()

for p in parameters:
    p.grad = None
for t in [logprobs, probs, counts, counts_sum, counts_sum_inv, norm_logits, logit_maxes, logits,
          h, hpreact, bnraw, bnvar_inv, bnvar, bndiff2, bndiff, hprebn, bnmeani, embcat, emb]:
    t.retain_grad()
loss.backward()
print("loss", loss.item())

# ---------------------------------------------------------------- exercise 1: every step backwards
dlogprobs = torch.zeros_like(logprobs)
dlogprobs[range(n), Yb] = -1.0 / n
dprobs = (1.0 / probs) * dlogprobs
dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)
dcounts = counts_sum_inv * dprobs
dcounts_sum = (-counts_sum ** -2) * dcounts_sum_inv
dcounts += torch.ones_like(counts) * dcounts_sum
dnorm_logits = counts * dcounts
dlogits = dnorm_logits.clone()
dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)
dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes
dh = dlogits @ W2.T
dW2 = h.T @ dlogits
db2 = dlogits.sum(0)
dhpreact = (1.0 - h ** 2) * dh
dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
dbnraw = bngain * dhpreact
dbnbias = dhpreact.sum(0, keepdim=True)
dbndiff = bnvar_inv * dbnraw
dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)
dbnvar = (-0.5 * (bnvar + 1e-5) ** -1.5) * dbnvar_inv
dbndiff2 = (1.0 / (n - 1)) * torch.ones_like(bndiff2) * dbnvar
dbndiff += (2 * bndiff) * dbndiff2
dhprebn = dbndiff.clone()
dbnmeani = (-dbndiff).sum(0)
dhprebn += 1.0 / n * (torch.ones_like(hprebn) * dbnmeani)
dembcat = dhprebn @ W1.T
dW1 = embcat.T @ dhprebn
db1 = dhprebn.sum(0)
demb = dembcat.view(emb.shape)
dC = torch.zeros_like(C)
for k in range(Xb.shape[0]):
    for j in range(Xb.shape[1]):
        ix = Xb[k, j]
        dC[ix] += demb[k, j]

for name, d, t in [
    ("logprobs", dlogprobs, logprobs), ("probs", dprobs, probs),
    ("counts_sum_inv", dcounts_sum_inv, counts_sum_inv), ("counts_sum", dcounts_sum, counts_sum),
    ("counts", dcounts, counts), ("norm_logits", dnorm_logits, norm_logits),
    ("logit_maxes", dlogit_maxes, logit_maxes), ("logits", dlogits, logits), ("h", dh, h), ("W2", dW2, W2),
    ("b2", db2, b2), ("hpreact", dhpreact, hpreact), ("bngain", dbngain, bngain), ("bnbias", dbnbias, bnbias),
    ("bnraw", dbnraw, bnraw), ("bnvar_inv", dbnvar_inv, bnvar_inv), ("bnvar", dbnvar, bnvar),
    ("bndiff2", dbndiff2, bndiff2), ("bndiff", dbndiff, bndiff), ("bnmeani", dbnmeani, bnmeani),
    ("hprebn", dhprebn, hprebn), ("embcat", dembcat, embcat), ("W1", dW1, W1), ("b1", db1, b1),
    ("emb", demb, emb), ("C", dC, C),
]:
    cmp(name, d, t)
n_close = sum(1 for app, _ in checked if app)
max_diff = max(diff for _, diff in checked)

# ---------------------------------------------------------------- exercise 2: cross-entropy in one go
loss_fast = F.cross_entropy(logits, Yb)
loss_fast_diff = (loss_fast - loss).abs().item()
print(loss_fast.item(), "diff:", loss_fast_diff)

dlogits = F.softmax(logits, 1)
dlogits[range(n), Yb] -= 1
dlogits /= n
cmp("logits", dlogits, logits)
dlogits_diff = checked[-1][1]

# ---------------------------------------------------------------- exercise 3: batch norm in one go
hpreact_fast = bngain * (hprebn - hprebn.mean(0, keepdim=True)) / torch.sqrt(
    hprebn.var(0, keepdim=True, unbiased=True) + 1e-5) + bnbias
bn_forward_diff = (hpreact_fast - hpreact).abs().max().item()
print("max diff:", bn_forward_diff)

dhprebn = bngain * bnvar_inv / n * (
    n * dhpreact - dhpreact.sum(0) - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
cmp("hprebn", dhprebn, hprebn)
dhprebn_diff = checked[-1][1]


# ---------------------------------------------------------------- exercise 4: training on our own gradients
def forward_backward(Xb, Yb):
    """The loss and the hand-written gradients of every parameter, in the order of `parameters`."""
    n = Xb.shape[0]
    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    hprebn = embcat @ W1 + b1
    bnmean = hprebn.mean(0, keepdim=True)
    bnvar = hprebn.var(0, keepdim=True, unbiased=True)
    bnvar_inv = (bnvar + 1e-5) ** -0.5
    bnraw = (hprebn - bnmean) * bnvar_inv
    hpreact = bngain * bnraw + bnbias
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Yb)

    dlogits = F.softmax(logits, 1)
    dlogits[range(n), Yb] -= 1
    dlogits /= n
    dh = dlogits @ W2.T
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(0)
    dhpreact = (1.0 - h ** 2) * dh
    dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
    dbnbias = dhpreact.sum(0, keepdim=True)
    dhprebn = bngain * bnvar_inv / n * (
        n * dhpreact - dhpreact.sum(0) - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
    dembcat = dhprebn @ W1.T
    dW1 = embcat.T @ dhprebn
    db1 = dhprebn.sum(0)
    demb = dembcat.view(emb.shape)
    dC = torch.zeros_like(C)
    for k in range(Xb.shape[0]):
        for j in range(Xb.shape[1]):
            dC[Xb[k, j]] += demb[k, j]
    return loss, [dC, dW1, db1, dW2, db2, dbngain, dbnbias]


# One step with autograd alongside, to be sure.
ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
loss, grads = forward_backward(Xtr[ix], Ytr[ix])
for p in parameters:
    p.grad = None
loss.backward()
train_step_diff = max((grad - p.grad).abs().max().item() for p, grad in zip(parameters, grads))
print("hand-written vs autograd, largest difference:", train_step_diff)
start_loss = loss.item()

lossi = []
with torch.no_grad():
    for i in range(600):
        ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
        loss, grads = forward_backward(Xtr[ix], Ytr[ix])
        lr = 0.1 if i < 450 else 0.01
        for p, grad in zip(parameters, grads):
            p.data += -lr * grad
        lossi.append(loss.log10().item())
        if i % 150 == 0:
            print(f"{i:5d}: {loss.item():.4f}")

    emb = C[Xtr]
    hpreact = emb.view(emb.shape[0], -1) @ W1 + b1
    hpreact = bngain * (hpreact - hpreact.mean(0, keepdim=True)) / torch.sqrt(
        hpreact.var(0, keepdim=True, unbiased=True) + 1e-5) + bnbias
    train_loss = F.cross_entropy(torch.tanh(hpreact) @ W2 + b2, Ytr).item()
print("train loss:", train_loss)

print(f"RESULT n_close={n_close}")
print(f"RESULT n_checked={len(checked) - 2}")
print(f"RESULT max_diff={max_diff:.3g}")
print(f"RESULT loss_fast_diff={loss_fast_diff:.3g}")
print(f"RESULT dlogits_diff={dlogits_diff:.3g}")
print(f"RESULT bn_forward_diff={bn_forward_diff:.3g}")
print(f"RESULT dhprebn_diff={dhprebn_diff:.3g}")
print(f"RESULT train_step_diff={train_step_diff:.3g}")
print(f"RESULT start_loss={start_loss:.6f}")
print(f"RESULT train_loss={train_loss:.6f}")
