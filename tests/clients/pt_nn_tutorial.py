# pt_nn_tutorial.py: logistic regression on digits, from raw tensors up to nn.Linear, optim and DataLoader.
#
# In the manner of PyTorch's "What is torch.nn really?" (first half: from scratch, then one
# refactoring at a time up to fit() and get_data()). Original code written for this suite, in
# its own words and structure; nothing is copied from the tutorial.
#
# What it does, as a learner of that tutorial writes it:
#   - turns NumPy arrays into tensors with map(torch.tensor, ...);
#   - from scratch: weights from torch.randn(...) / math.sqrt(n) made trainable with
#     .requires_grad_(), a zero bias with requires_grad=True, log_softmax written as
#     x - x.exp().sum(-1).log().unsqueeze(-1), the negative log-likelihood by indexing
#     input[range(n), target], accuracy with torch.argmax; a loop over slices of the
#     training set with `weights -= weights.grad * lr` and .grad.zero_() under no_grad;
#   - checks that F.cross_entropy gives the same loss as log_softmax + nll;
#   - refactors step by step: an nn.Module with nn.Parameters, then nn.Linear, then
#     optim.SGD, then TensorDataset slicing, then DataLoader (shuffled for training, twice
#     the batch for validation) with model.train()/model.eval() and a validation loss;
#   - ends with loss_batch(), fit() and get_data() helpers, the validation loss averaged with
#     np.sum(np.multiply(losses, nums)) / np.sum(nums).
#
# Data: the 8x8 digits that ship with minitorch (1,500 training, 297 validation images of
# 64 pixels) stand in for the tutorial's MNIST; 5 epochs per stage at lr = 0.5.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   scratch_loss 0.417-0.452 (8 %), scratch_accuracy 0.875-0.922 (0.047), module_loss
#   0.422-0.449 (6 %), linear_loss 0.434-0.450 (3.8 %), optim_loss 0.423-0.440 (4 %),
#   dataset_loss 0.422-0.449 (6 %), dataloader_valid_loss 0.501-0.517 (3.1 %),
#   fit_valid_loss 0.534-0.562 (5.2 %). zero_model_loss is log(10), without randomness.
# compare: zero_model_loss exact
# compare: hand_vs_cross_entropy abs=1e-6
# compare: scratch_loss rel=0.12
# compare: scratch_accuracy abs=0.07
# compare: module_loss rel=0.09
# compare: linear_loss rel=0.056
# compare: optim_loss rel=0.06
# compare: dataset_loss rel=0.09
# compare: dataloader_valid_loss rel=0.047
# compare: fit_valid_loss rel=0.078
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

from offline_data import load_digits_arrays

torch.manual_seed(0)

(x_train, y_train), (x_valid, y_valid) = load_digits_arrays()
x_train, y_train, x_valid, y_valid = map(torch.tensor, (x_train, y_train, x_valid, y_valid))
n, c = x_train.shape
print(x_train.shape, y_train.min().item(), y_train.max().item())

# ---------------------------------------------------------------- from scratch
weights = torch.randn(64, 10) / math.sqrt(64)  # Xavier-style scale
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)


def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)


def model(xb):
    return log_softmax(xb @ weights + bias)


def nll(input, target):
    return -input[range(target.shape[0]), target].mean()


def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()


loss_func = nll
bs = 64
xb, yb = x_train[0:bs], y_train[0:bs]
preds = model(xb)
print(preds[0], preds.shape)
print("before training:", loss_func(preds, yb).item(), accuracy(preds, yb).item())

lr = 0.5
epochs = 5
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        xb = x_train[start_i:start_i + bs]
        yb = y_train[start_i:start_i + bs]
        loss = loss_func(model(xb), yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()

xb, yb = x_train[0:bs], y_train[0:bs]
scratch_loss = loss_func(model(xb), yb).item()
scratch_accuracy = accuracy(model(xb), yb).item()
print("after training:", scratch_loss, scratch_accuracy)

# ---------------------------------------------------------------- torch.nn.functional
loss_func = F.cross_entropy
hand_vs_cross_entropy = abs(loss_func(xb @ weights + bias, yb).item() - scratch_loss)
# A value with no randomness in it: the loss of an all-zero model is log(10).
zero_model_loss = F.cross_entropy(torch.zeros(bs, 10), yb).item()


# ---------------------------------------------------------------- nn.Module
class MnistLogistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(64, 10) / math.sqrt(64))
        self.bias = nn.Parameter(torch.zeros(10))

    def forward(self, xb):
        return xb @ self.weights + self.bias


def fit_simple(model):
    for epoch in range(epochs):
        for i in range((n - 1) // bs + 1):
            start_i = i * bs
            xb = x_train[start_i:start_i + bs]
            yb = y_train[start_i:start_i + bs]
            loss = loss_func(model(xb), yb)
            loss.backward()
            with torch.no_grad():
                for p in model.parameters():
                    p -= p.grad * lr
                model.zero_grad()


model = MnistLogistic()
print("module, before:", loss_func(model(xb), yb).item())
fit_simple(model)
module_loss = loss_func(model(xb), yb).item()
print("module, after:", module_loss)


# ---------------------------------------------------------------- nn.Linear
class MnistLinear(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(64, 10)

    def forward(self, xb):
        return self.lin(xb)


model = MnistLinear()
fit_simple(model)
linear_loss = loss_func(model(xb), yb).item()
print("nn.Linear, after:", linear_loss)


# ---------------------------------------------------------------- optim
def get_model():
    model = MnistLinear()
    return model, optim.SGD(model.parameters(), lr=lr)


model, opt = get_model()
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        xb = x_train[start_i:start_i + bs]
        yb = y_train[start_i:start_i + bs]
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
xb, yb = x_train[0:bs], y_train[0:bs]
optim_loss = loss_func(model(xb), yb).item()
print("optim, after:", optim_loss)

# ---------------------------------------------------------------- Dataset
train_ds = TensorDataset(x_train, y_train)
model, opt = get_model()
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        xb, yb = train_ds[i * bs: i * bs + bs]
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
xb, yb = train_ds[0:bs]
dataset_loss = loss_func(model(xb), yb).item()
print("TensorDataset, after:", dataset_loss)

# ---------------------------------------------------------------- DataLoader, with validation
train_dl = DataLoader(train_ds, batch_size=bs, shuffle=True)
valid_ds = TensorDataset(x_valid, y_valid)
valid_dl = DataLoader(valid_ds, batch_size=bs * 2)

model, opt = get_model()
for epoch in range(epochs):
    model.train()
    for xb, yb in train_dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()

    model.eval()
    with torch.no_grad():
        valid_loss = sum(loss_func(model(xb), yb) for xb, yb in valid_dl)
    print(epoch, (valid_loss / len(valid_dl)).item())
dataloader_valid_loss = (valid_loss / len(valid_dl)).item()


# ---------------------------------------------------------------- fit() and get_data()
def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)
    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item(), len(xb)


def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_dl:
            loss_batch(model, loss_func, xb, yb, opt)

        model.eval()
        with torch.no_grad():
            losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
        val_loss = np.sum(np.multiply(losses, nums)) / np.sum(nums)
        print(epoch, val_loss)
    return val_loss


def get_data(train_ds, valid_ds, bs):
    return (
        DataLoader(train_ds, batch_size=bs, shuffle=True),
        DataLoader(valid_ds, batch_size=bs * 2),
    )


train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
model, opt = get_model()
fit_valid_loss = fit(epochs, model, loss_func, opt, train_dl, valid_dl)

print(f"RESULT zero_model_loss={zero_model_loss:.6f}")
print(f"RESULT hand_vs_cross_entropy={hand_vs_cross_entropy:.3g}")
print(f"RESULT scratch_loss={scratch_loss:.6f}")
print(f"RESULT scratch_accuracy={scratch_accuracy:.6f}")
print(f"RESULT module_loss={module_loss:.6f}")
print(f"RESULT linear_loss={linear_loss:.6f}")
print(f"RESULT optim_loss={optim_loss:.6f}")
print(f"RESULT dataset_loss={dataset_loss:.6f}")
print(f"RESULT dataloader_valid_loss={dataloader_valid_loss:.6f}")
print(f"RESULT fit_valid_loss={fit_valid_loss:.6f}")
