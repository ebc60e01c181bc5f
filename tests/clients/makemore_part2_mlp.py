# makemore_part2_mlp.py: a character-level MLP language model (embeddings, a tanh layer) trained on minibatches.
#
# In the manner of Andrej Karpathy's "Neural Networks: Zero to Hero", lecture 3, "Building
# makemore Part 2: MLP". Original code written for this suite, in its own words and structure;
# nothing is copied from the lecture or its notebook.
#
# What it does, as a viewer of that lecture writes it:
#   - build_dataset(words) with a rolling context of block_size = 3 characters
#     (context = context[1:] + [ix]), X and Y as torch.tensor; the words shuffled with
#     random.seed(42) / random.shuffle and split 80/10/10 into train, dev and test;
#   - parameters from torch.randn(..., generator=g) with g = torch.Generator().manual_seed(
#     2147483647): the embedding table C, W1, b1, W2, b2; their count with p.nelement(); then
#     `for p in parameters: p.requires_grad = True`;
#   - the forward pass emb = C[X] (indexing a table with an integer tensor),
#     emb.view(-1, 30) @ W1 + b1, torch.tanh, logits, and F.cross_entropy(logits, Y);
#     checked once against the loss written out (exp, normalise, pick, -log, mean);
#   - minibatches ix = torch.randint(0, Xtr.shape[0], (32,), generator=g), p.grad = None,
#     loss.backward(), p.data += -lr * p.grad;
#   - a learning-rate sweep over lrs = 10 ** torch.linspace(-3, 0, steps) recording lri and
#     lossi, then training with a step decay of the rate, logging loss.log10().item();
#   - split losses under torch.no_grad(), and names sampled with F.softmax(logits, dim=1) and
#     torch.multinomial(probs, num_samples=1, generator=g).item().
#
# Data: tests/clients/data/names.txt (200 names: 1,094 training examples) instead of the
# lecture's 32,033 names; a 10-dimensional embedding, 100 hidden units; a 200-step sweep and
# 2,000 training steps instead of 200,000. So few names are soon learnt by heart: the dev
# loss stays far above the training loss (the lecture's overfitting, made plain).
# Spread of PyTorch's own results over seeds 0-9 (every manual_seed(s)):
#   start_loss 17.2-22.3 (25 %: randn weights give the confidently wrong start the lecture
#   shows), train_loss 1.004-1.088 (8 %), dev_loss 4.29-5.35 (22 %).
# compare: n_params exact
# compare: n_train exact
# compare: manual_vs_cross_entropy abs=1e-5
# compare: start_loss rel=0.38
# compare: train_loss rel=0.12
# compare: dev_loss rel=0.33
import random

import torch
import torch.nn.functional as F

from offline_data import NAMES

words = open(NAMES, "r").read().splitlines()
chars = sorted(list(set("".join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}

block_size = 3  # how many characters we look at to predict the next one


def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]  # crop and append
    X = torch.tensor(X)
    Y = torch.tensor(Y)
    print(X.shape, Y.shape)
    return X, Y


random.seed(42)
random.shuffle(words)
n1 = int(0.8 * len(words))
n2 = int(0.9 * len(words))
Xtr, Ytr = build_dataset(words[:n1])
Xdev, Ydev = build_dataset(words[n1:n2])
Xte, Yte = build_dataset(words[n2:])

g = torch.Generator().manual_seed(2147483647)
C = torch.randn((27, 10), generator=g)
W1 = torch.randn((30, 100), generator=g)
b1 = torch.randn(100, generator=g)
W2 = torch.randn((100, 27), generator=g)
b2 = torch.randn(27, generator=g)
parameters = [C, W1, b1, W2, b2]
n_params = sum(p.nelement() for p in parameters)
print("parameters:", n_params)
for p in parameters:
    p.requires_grad = True

# The loss on a few examples, written out, against F.cross_entropy.
emb = C[Xtr[:5]]  # (5, 3, 10)
h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
logits = h @ W2 + b2
counts = logits.exp()
prob = counts / counts.sum(1, keepdims=True)
manual = -prob[torch.arange(5), Ytr[:5]].log().mean()
manual_vs_cross_entropy = abs(manual.item() - F.cross_entropy(logits, Ytr[:5]).item())
print("by hand:", manual.item(), "F.cross_entropy:", F.cross_entropy(logits, Ytr[:5]).item())


def forward(X):
    emb = C[X]
    h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
    return h @ W2 + b2


# --- a learning-rate sweep, on a copy of the starting point
lre = torch.linspace(-3, 0, 200)
lrs = 10 ** lre
start = [p.detach().clone() for p in parameters]
lri, lossi = [], []
for i in range(200):
    ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
    loss = F.cross_entropy(forward(Xtr[ix]), Ytr[ix])
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = lrs[i]
    for p in parameters:
        p.data += -lr * p.grad
    lri.append(lre[i].item())
    lossi.append(loss.item())
best = min(range(len(lossi)), key=lambda i: lossi[i])
print(f"lowest sweep loss {lossi[best]:.3f} at lr 10^{lri[best]:.2f}")
with torch.no_grad():
    for p, s in zip(parameters, start):
        p.copy_(s)

# --- training
with torch.no_grad():
    start_loss = F.cross_entropy(forward(Xtr), Ytr).item()
stepi, lossi = [], []
for i in range(2000):
    ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
    logits = forward(Xtr[ix])
    loss = F.cross_entropy(logits, Ytr[ix])
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = 0.1 if i < 1500 else 0.01
    for p in parameters:
        p.data += -lr * p.grad
    stepi.append(i)
    lossi.append(loss.log10().item())
    if i % 500 == 0:
        print(f"{i:5d} {loss.item():.4f}")


@torch.no_grad()
def split_loss(X, Y):
    return F.cross_entropy(forward(X), Y).item()


train_loss = split_loss(Xtr, Ytr)
dev_loss = split_loss(Xdev, Ydev)
print(f"train {train_loss:.4f}, dev {dev_loss:.4f}, test {split_loss(Xte, Yte):.4f}")

# --- sampling
g = torch.Generator().manual_seed(2147483647 + 10)
for _ in range(8):
    out = []
    context = [0] * block_size
    while True:
        emb = C[torch.tensor([context])]  # (1, block_size, 10)
        h = torch.tanh(emb.view(1, -1) @ W1 + b1)
        logits = h @ W2 + b2
        probs = F.softmax(logits, dim=1)
        ix = torch.multinomial(probs, num_samples=1, generator=g).item()
        context = context[1:] + [ix]
        out.append(ix)
        if ix == 0:
            break
    print("".join(itos[i] for i in out))

print(f"RESULT n_params={n_params}")
print(f"RESULT n_train={Xtr.shape[0]}")
print(f"RESULT manual_vs_cross_entropy={manual_vs_cross_entropy:.3g}")
print(f"RESULT start_loss={start_loss:.6f}")
print(f"RESULT train_loss={train_loss:.6f}")
print(f"RESULT dev_loss={dev_loss:.6f}")
