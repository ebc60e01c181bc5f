# pt_nn_tutorial_cnn.py: a small CNN on the digits, then the same as nn.Sequential, then on a device.
#
# In the manner of PyTorch's "What is torch.nn really?" (second half: "Switch to CNN",
# "nn.Sequential", "Wrapping DataLoader", "Using your GPU"). Original code written for this
# suite, in its own words and structure; nothing is copied from the tutorial.
#
# What it does, as a learner of that tutorial writes it:
#   - the get_data(), loss_batch() and fit() helpers of the first half, with TensorDataset
#     and DataLoader;
#   - an nn.Module with three nn.Conv2d layers (stride 2 after the first, padding 1), F.relu
#     after each, F.avg_pool2d at the end and .view() to reshape, trained with
#     optim.SGD(lr=0.1, momentum=0.9);
#   - the same network as nn.Sequential, with a small Lambda module of our own for the
#     reshapes;
#   - a WrappedDataLoader class that reshapes (and moves) each batch in a generator, and
#     nn.AdaptiveAvgPool2d(1) in place of the fixed pooling;
#   - dev = torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu"),
#     model.to(dev) and every batch .to(dev).
#
# Data: the 8x8 digits that ship with minitorch (1,500 training, 297 validation images)
# stand in for the tutorial's 28x28 MNIST, so the convolutions go 8 -> 8 -> 4 -> 2 and the
# pooling is over 2x2; 6 epochs per model at lr = 0.05. The last convolution gives the
# class scores, so no ReLU follows it.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   validation losses 0.497-0.701 (class), 0.493-0.846 (Sequential), 0.523-0.680 (wrapped
#   loader, AdaptiveAvgPool2d); validation accuracies 0.822-0.879, 0.811-0.882, 0.801-0.872.
#   297 validation images and six epochs leave the losses loose; the accuracies are tighter.
# compare: cnn_valid_loss abs=0.31
# compare: sequential_valid_loss abs=0.53
# compare: device_valid_loss abs=0.24
# compare: cnn_valid_accuracy abs=0.086
# compare: sequential_valid_accuracy abs=0.106
# compare: device_valid_accuracy abs=0.106
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

from offline_data import load_digits_arrays

torch.manual_seed(0)

(x_train, y_train), (x_valid, y_valid) = load_digits_arrays()
x_train, y_train, x_valid, y_valid = map(torch.tensor, (x_train, y_train, x_valid, y_valid))
train_ds = TensorDataset(x_train, y_train)
valid_ds = TensorDataset(x_valid, y_valid)
bs = 64
loss_func = F.cross_entropy


def get_data(train_ds, valid_ds, bs):
    return (
        DataLoader(train_ds, batch_size=bs, shuffle=True),
        DataLoader(valid_ds, batch_size=bs * 2),
    )


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


def accuracy(model, dl):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for xb, yb in dl:
            correct += (model(xb).argmax(dim=1) == yb).sum().item()
            total += len(yb)
    return correct / total


# ---------------------------------------------------------------- a CNN as a class
class DigitsCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, stride=1, padding=1)
        self.conv2 = nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1)

    def forward(self, xb):
        xb = xb.view(-1, 1, 8, 8)
        xb = F.relu(self.conv1(xb))
        xb = F.relu(self.conv2(xb))
        xb = self.conv3(xb)  # the class scores: no ReLU on them
        xb = F.avg_pool2d(xb, 2)
        return xb.view(-1, xb.size(1))


lr = 0.05
epochs = 6
train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
model = DigitsCNN()
opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
cnn_valid_loss = fit(epochs, model, loss_func, opt, train_dl, valid_dl)
cnn_valid_accuracy = accuracy(model, valid_dl)


# ---------------------------------------------------------------- nn.Sequential
class Lambda(nn.Module):
    def __init__(self, func):
        super().__init__()
        self.func = func

    def forward(self, x):
        return self.func(x)


def preprocess(x):
    return x.view(-1, 1, 8, 8)


model = nn.Sequential(
    Lambda(preprocess),
    nn.Conv2d(1, 16, kernel_size=3, stride=1, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1),
    nn.AvgPool2d(2),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
sequential_valid_loss = fit(epochs, model, loss_func, opt, train_dl, valid_dl)
sequential_valid_accuracy = accuracy(model, valid_dl)

# ---------------------------------------------------------------- wrapping the DataLoader, and a device
dev = torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def preprocess_batch(x, y):
    return x.view(-1, 1, 8, 8).to(dev), y.to(dev)


class WrappedDataLoader:
    def __init__(self, dl, func):
        self.dl = dl
        self.func = func

    def __len__(self):
        return len(self.dl)

    def __iter__(self):
        for b in self.dl:
            yield self.func(*b)


train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
train_dl = WrappedDataLoader(train_dl, preprocess_batch)
valid_dl = WrappedDataLoader(valid_dl, preprocess_batch)

model = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=3, stride=1, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1),
    nn.AdaptiveAvgPool2d(1),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
model.to(dev)
opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
device_valid_loss = fit(epochs, model, loss_func, opt, train_dl, valid_dl)

device_valid_accuracy = accuracy(model, valid_dl)
print(f"validation accuracy: {cnn_valid_accuracy:.3f} (class), {sequential_valid_accuracy:.3f} (Sequential), "
      f"{device_valid_accuracy:.3f} (wrapped loader)")

print(f"RESULT cnn_valid_loss={cnn_valid_loss:.6f}")
print(f"RESULT cnn_valid_accuracy={cnn_valid_accuracy:.6f}")
print(f"RESULT sequential_valid_accuracy={sequential_valid_accuracy:.6f}")
print(f"RESULT sequential_valid_loss={sequential_valid_loss:.6f}")
print(f"RESULT device_valid_loss={device_valid_loss:.6f}")
print(f"RESULT device_valid_accuracy={device_valid_accuracy:.6f}")
