# makemore_part1_bigrams.py: a character-level bigram model of names, counted, then learned by a one-layer net.
#
# In the manner of Andrej Karpathy's "Neural Networks: Zero to Hero", lecture 2, "The spelled-out
# intro to language modeling: building makemore" (part 1: bigrams). Original code written for
# this suite, in its own words and structure; nothing is copied from the lecture or its notebook.
#
# What it does, as a viewer of that lecture writes it:
#   - reads the names, counts bigrams in a dict with <S>/<E> markers first and sorts them;
#   - builds stoi/itos with "." as the start and end token, and the counts table
#     N = torch.zeros((27, 27), dtype=torch.int32) filled by N[ix1, ix2] += 1;
#   - normalises a row with p = N[0].float(); p = p / p.sum(), and draws from it with
#     g = torch.Generator().manual_seed(2147483647) and torch.multinomial(p, num_samples=1,
#     replacement=True, generator=g).item();
#   - P = (N + 1).float(); P /= P.sum(1, keepdims=True) (smoothing, broadcasting), samples
#     names, and scores the model by its average negative log-likelihood (f"{nll/n=}");
#   - the neural version: xs, ys as tensors, xs.nelement(), W = torch.randn((27, 27),
#     generator=g, requires_grad=True), xenc = F.one_hot(xs, num_classes=27).float(),
#     logits = xenc @ W, counts = logits.exp(), probs = counts / counts.sum(1, keepdims=True),
#     loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W**2).mean(), and gradient
#     descent with W.grad = None, loss.backward(), W.data += -50 * W.grad.
#
# Data: tests/clients/data/names.txt (200 names, 1,366 bigrams) instead of the lecture's
# 32,033; 100 gradient steps.
# Spread of PyTorch's own results over seeds 0-9 (every manual_seed(s)):
#   net_start_loss 3.719-3.878 (4.2 %), net_final_loss 2.2671-2.2688 (0.07 %). The counts and
#   the count model's loss are computed without randomness; sampled names are only printed.
# compare: n_words exact
# compare: n_bigrams exact
# compare: top_bigram_count exact
# compare: count_total exact
# compare: first_row_max exact
# compare: count_nll exact
# compare: net_start_loss rel=0.063
# compare: net_final_loss rel=0.0011
import torch
import torch.nn.functional as F

from offline_data import NAMES

words = open(NAMES, "r").read().splitlines()
print(words[:10], len(words))
print("shortest", min(len(w) for w in words), "longest", max(len(w) for w in words))

# --- counting with a dict
b = {}
for w in words:
    chs = ["<S>"] + list(w) + ["<E>"]
    for ch1, ch2 in zip(chs, chs[1:]):
        bigram = (ch1, ch2)
        b[bigram] = b.get(bigram, 0) + 1
ranked = sorted(b.items(), key=lambda kv: -kv[1])
print(ranked[:5])

# --- counting in a tensor
chars = sorted(list(set("".join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}

N = torch.zeros((27, 27), dtype=torch.int32)
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        N[ix1, ix2] += 1
print("most common first letter:", itos[N[0].argmax().item()], N[0].max().item())

# --- sampling from the first row
p = N[0].float()
p = p / p.sum()
g = torch.Generator().manual_seed(2147483647)
ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
print("a first letter drawn:", itos[ix])

# --- the smoothed probability table, and names sampled from it
P = (N + 1).float()
P /= P.sum(1, keepdims=True)
g = torch.Generator().manual_seed(2147483647)
for i in range(5):
    out = []
    ix = 0
    while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print("".join(out))

# --- how good is it: the average negative log-likelihood
log_likelihood = 0.0
n = 0
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        prob = P[stoi[ch1], stoi[ch2]]
        log_likelihood += torch.log(prob)
        n += 1
nll = -log_likelihood
print(f"{log_likelihood=}")
print(f"{nll=}")
print(f"{nll/n=}")

# --- the same model as a neural net
xs, ys = [], []
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1])
        ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()
print("number of examples:", num)

g = torch.Generator().manual_seed(2147483647)
W = torch.randn((27, 27), generator=g, requires_grad=True)

for k in range(100):
    # forward pass
    xenc = F.one_hot(xs, num_classes=27).float()  # one-hot inputs
    logits = xenc @ W  # log-counts
    counts = logits.exp()  # like N
    probs = counts / counts.sum(1, keepdims=True)  # the next character's probabilities
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W ** 2).mean()
    if k == 0:
        start_loss = loss.item()
    if k % 20 == 0:
        print(k, loss.item())

    # backward pass
    W.grad = None
    loss.backward()

    # update
    W.data += -50 * W.grad

print("final", loss.item())

# --- sampling from the net
g = torch.Generator().manual_seed(2147483647)
for i in range(5):
    out = []
    ix = 0
    while True:
        xenc = F.one_hot(torch.tensor([ix]), num_classes=27).float()
        counts = (xenc @ W).exp()
        p = counts / counts.sum(1, keepdims=True)
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print("".join(out))

print(f"RESULT n_words={len(words)}")
print(f"RESULT n_bigrams={n}")
print(f"RESULT top_bigram_count={ranked[0][1]}")
print(f"RESULT count_total={N.sum().item()}")
print(f"RESULT first_row_max={N[0].max().item()}")
print(f"RESULT count_nll={(nll / n).item():.6f}")
print(f"RESULT net_start_loss={start_loss:.6f}")
print(f"RESULT net_final_loss={loss.item():.6f}")
