# makemore_part3_bn.py: a better start for the MLP (scaled init, batch norm), then layers as classes.
#
# In the manner of Andrej Karpathy's "Neural Networks: Zero to Hero", lecture 4, "Building
# makemore Part 3: Activations & Gradients, BatchNorm". Original code written for this suite,
# in its own words and structure; nothing is copied from the lecture or its notebook.
#
# What it does, as a viewer of that lecture writes it:
#   - the dataset of part 2 (block_size = 3, an 80/10/10 split);
#   - the expected loss at the start, -torch.tensor(1 / 27.0).log(), and an init that reaches
#     it: W1 scaled by (5/3) / (n_embd * block_size)**0.5 (Kaiming's gain for tanh),
#     W2 * 0.01, b2 * 0;
#   - batch normalisation by hand: bngain = torch.ones((1, n_hidden)), bnbias = torch.zeros(...),
#     bnmeani = hpreact.mean(0, keepdim=True), bnstdi = hpreact.std(0, keepdim=True), and the
#     running statistics updated under torch.no_grad() with momentum 0.001; then the same
#     statistics measured on the whole training set, to compare with the running ones;
#   - split losses in a function decorated with @torch.no_grad(), using the running statistics;
#   - "PyTorch-ifying" the code: Linear, BatchNorm1d (momentum, eps, a training flag, running
#     mean and variance, x.var(0, keepdim=True, unbiased=True)) and Tanh classes with
#     __call__ and parameters(), stacked in a list; the last layer's gamma scaled by 0.1 under
#     torch.no_grad(); layer.out.retain_grad() to see the activations' gradients;
#   - the diagnostics: each tanh layer's mean, std and saturation
#     ((t.abs() > 0.97).float().mean() * 100), the gradients' std, and the update-to-data
#     ratios ((lr * p.grad).std() / p.data.std()).log10().item();
#   - training with p.grad = None, loss.backward(), p.data += -lr * p.grad; evaluation with
#     layer.training = False.
#
# Data: tests/clients/data/names.txt (200 names) instead of the lecture's 32,033; 1,000 steps
# for the hand-written network and 600 for the class-based one, instead of 200,000.
# Spread of PyTorch's own results over seeds 0-9 (every manual_seed(s)):
#   by hand: start_loss 3.291-3.320 (0.9 %: the init reaches -log(1/27) = 3.2958),
#   train_loss 1.934-1.987 (2.7 %), dev_loss 2.566-2.737 (6.5 %), running_mean_gap
#   0.49-0.84; as classes: layers_start_loss 3.261-3.324 (1.9 %), layers_saturation
#   2.49-3.78 %, layers_train_loss 2.043-2.201 (7.4 %), layers_update_ratio -2.96 to -2.82
#   (log10; the lecture's rule of thumb is about -3).
# compare: expected_start exact
# compare: start_loss rel=0.013
# compare: train_loss rel=0.04
# compare: dev_loss rel=0.1
# compare: running_mean_gap abs=0.53
# compare: layers_start_loss rel=0.029
# compare: layers_saturation abs=1.9
# compare: layers_train_loss rel=0.11
# compare: layers_update_ratio abs=0.21
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
Xte, Yte = build_dataset(words[n2:])

# With uniform predictions the loss would be -log(1/27): aim for that at the start.
expected_start = -torch.tensor(1 / 27.0).log().item()
print("uniform loss:", expected_start)

# ================================================================ by hand
n_embd = 10
n_hidden = 100
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5 / 3) / ((n_embd * block_size) ** 0.5)
b1 = torch.randn(n_hidden, generator=g) * 0.01  # batch norm's bias makes this one useless
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.01
b2 = torch.randn(vocab_size, generator=g) * 0

bngain = torch.ones((1, n_hidden))
bnbias = torch.zeros((1, n_hidden))
bnmean_running = torch.zeros((1, n_hidden))
bnstd_running = torch.ones((1, n_hidden))

parameters = [C, W1, W2, b2, bngain, bnbias]
print(sum(p.nelement() for p in parameters), "parameters")
for p in parameters:
    p.requires_grad = True

max_steps = 1000
batch_size = 32
lossi = []
for i in range(max_steps):
    ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
    Xb, Yb = Xtr[ix], Ytr[ix]

    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    hpreact = embcat @ W1  # + b1 (the batch norm removes it anyway)
    bnmeani = hpreact.mean(0, keepdim=True)
    bnstdi = hpreact.std(0, keepdim=True)
    hpreact = bngain * (hpreact - bnmeani) / bnstdi + bnbias
    with torch.no_grad():
        bnmean_running = 0.999 * bnmean_running + 0.001 * bnmeani
        bnstd_running = 0.999 * bnstd_running + 0.001 * bnstdi
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Yb)
    if i == 0:
        start_loss = loss.item()

    for p in parameters:
        p.grad = None
    loss.backward()

    lr = 0.1 if i < 700 else 0.01
    for p in parameters:
        p.data += -lr * p.grad

    if i % 500 == 0:
        print(f"{i:6d}/{max_steps}: {loss.item():.4f}")
    lossi.append(loss.log10().item())

# The statistics of the whole training set, against the running estimates.
with torch.no_grad():
    emb = C[Xtr]
    hpreact = emb.view(emb.shape[0], -1) @ W1
    bnmean = hpreact.mean(0, keepdim=True)
    bnstd = hpreact.std(0, keepdim=True)
running_mean_gap = (bnmean - bnmean_running).abs().max().item()
print("largest gap between the running mean and the true one:", running_mean_gap)


@torch.no_grad()
def split_loss(X, Y):
    emb = C[X]
    hpreact = emb.view(emb.shape[0], -1) @ W1
    hpreact = bngain * (hpreact - bnmean_running) / bnstd_running + bnbias
    logits = torch.tanh(hpreact) @ W2 + b2
    return F.cross_entropy(logits, Y).item()


train_loss, dev_loss = split_loss(Xtr, Ytr), split_loss(Xdev, Ydev)
print(f"train {train_loss:.4f}  dev {dev_loss:.4f}")


# ================================================================ as classes
class Linear:
    def __init__(self, fan_in, fan_out, bias=True):
        self.weight = torch.randn((fan_in, fan_out), generator=g) / fan_in ** 0.5
        self.bias = torch.zeros(fan_out) if bias else None

    def __call__(self, x):
        self.out = x @ self.weight
        if self.bias is not None:
            self.out += self.bias
        return self.out

    def parameters(self):
        return [self.weight] + ([] if self.bias is None else [self.bias])


class BatchNorm1d:
    def __init__(self, dim, eps=1e-5, momentum=0.1):
        self.eps = eps
        self.momentum = momentum
        self.training = True
        self.gamma = torch.ones(dim)
        self.beta = torch.zeros(dim)
        self.running_mean = torch.zeros(dim)
        self.running_var = torch.ones(dim)

    def __call__(self, x):
        if self.training:
            xmean = x.mean(0, keepdim=True)
            xvar = x.var(0, keepdim=True, unbiased=True)
        else:
            xmean = self.running_mean
            xvar = self.running_var
        xhat = (x - xmean) / torch.sqrt(xvar + self.eps)  # unit variance
        self.out = self.gamma * xhat + self.beta
        if self.training:
            with torch.no_grad():
                self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * xmean
                self.running_var = (1 - self.momentum) * self.running_var + self.momentum * xvar
        return self.out

    def parameters(self):
        return [self.gamma, self.beta]


class Tanh:
    def __call__(self, x):
        self.out = torch.tanh(x)
        return self.out

    def parameters(self):
        return []


n_hidden = 64
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab_size, n_embd), generator=g)
layers = [
    Linear(n_embd * block_size, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
    Linear(n_hidden, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
    Linear(n_hidden, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
    Linear(n_hidden, vocab_size, bias=False), BatchNorm1d(vocab_size),
]
with torch.no_grad():
    layers[-1].gamma *= 0.1  # a less confident last layer
    for layer in layers[:-1]:
        if isinstance(layer, Linear):
            layer.weight *= 5 / 3  # tanh's gain

parameters = [C] + [p for layer in layers for p in layer.parameters()]
print(sum(p.nelement() for p in parameters), "parameters")
for p in parameters:
    p.requires_grad = True

ud = []
for i in range(600):
    ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
    Xb, Yb = Xtr[ix], Ytr[ix]
    x = C[Xb].view(Xb.shape[0], -1)
    for layer in layers:
        x = layer(x)
    loss = F.cross_entropy(x, Yb)

    for layer in layers:
        layer.out.retain_grad()  # to look at the activations' gradients
    for p in parameters:
        p.grad = None
    loss.backward()

    lr = 0.1 if i < 450 else 0.01
    for p in parameters:
        p.data += -lr * p.grad

    with torch.no_grad():
        ud.append([((lr * p.grad).std() / p.data.std()).log10().item() for p in parameters])

    if i == 0:
        layers_start_loss = loss.item()
        saturations = []
        for k, layer in enumerate(layers[:-1]):
            if isinstance(layer, Tanh):
                t = layer.out
                saturated = (t.abs() > 0.97).float().mean() * 100
                saturations.append(saturated.item())
                print(f"layer {k} (tanh): mean {t.mean().item():+.2f}, std {t.std().item():.2f}, "
                      f"saturated {saturated.item():.2f}%, grad std {t.grad.std().item():.3e}")
        layers_saturation = sum(saturations) / len(saturations)
    if i % 200 == 0:
        print(f"{i:6d}: {loss.item():.4f}")

for p in parameters:
    if p.ndim == 2:
        print(f"weight {tuple(p.shape)}: grad:data ratio {(p.grad.std() / p.std()).item():.3e}")
layers_update_ratio = sum(ud[-1]) / len(ud[-1])  # the mean log10 update:data ratio at the end
print("mean log10 update:data ratio:", layers_update_ratio)

for layer in layers:
    layer.training = False


@torch.no_grad()
def layers_loss(X, Y):
    x = C[X].view(X.shape[0], -1)
    for layer in layers:
        x = layer(x)
    return F.cross_entropy(x, Y).item()


layers_train_loss = layers_loss(Xtr, Ytr)
print(f"train {layers_train_loss:.4f}  dev {layers_loss(Xdev, Ydev):.4f}")

print(f"RESULT expected_start={expected_start:.6f}")
print(f"RESULT start_loss={start_loss:.6f}")
print(f"RESULT train_loss={train_loss:.6f}")
print(f"RESULT dev_loss={dev_loss:.6f}")
print(f"RESULT running_mean_gap={running_mean_gap:.6f}")
print(f"RESULT layers_start_loss={layers_start_loss:.6f}")
print(f"RESULT layers_saturation={layers_saturation:.6f}")
print(f"RESULT layers_train_loss={layers_train_loss:.6f}")
print(f"RESULT layers_update_ratio={layers_update_ratio:.6f}")
