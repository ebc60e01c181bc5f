# d2l_mlp_scratch.py: the activation functions and their gradients, then a one-hidden-layer MLP by hand.
#
# In the manner of Dive into Deep Learning, chapters "Multilayer Perceptrons" (the activation
# functions) and "Implementation of Multilayer Perceptrons from Scratch" (PyTorch version).
# Original code written for this suite, in its own words and structure; nothing is copied
# from the book or its d2l package.
#
# What it does, as a reader of those chapters writes it:
#   - x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True); torch.relu, torch.sigmoid and
#     torch.tanh of it, each followed by y.backward(torch.ones_like(x), retain_graph=True)
#     and a look at x.grad, cleared in between with x.grad.data.zero_();
#   - parameters as nn.Parameter(torch.randn(784, 256, requires_grad=True) * 0.01) and
#     nn.Parameter(torch.zeros(256, requires_grad=True)), and so on for the output layer;
#   - relu by hand: torch.max(X, torch.zeros_like(X));
#   - net(X): X.reshape((-1, num_inputs)), then H = relu(X @ W1 + b1), return H @ W2 + b2;
#   - nn.CrossEntropyLoss(reduction="none") and torch.optim.SGD(params, lr=0.1) in a
#     training loop with running sums, and test accuracy under torch.no_grad().
#
# Data: the suite's generated FashionMNIST (2,000 training and 500 test images; no download);
# 5 epochs; batches of 64 instead of 256, so that 2,000 images still make 32 steps an epoch.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   train_loss 0.2376-0.2487 (4.6 %), train_acc 0.892-0.909, test_acc 0.786-0.912. The
#   activation gradients are computed without randomness.
# compare: n_points exact
# compare: relu_grad_sum exact
# compare: sigmoid_grad_sum exact
# compare: tanh_grad_sum exact
# compare: train_loss rel=0.07
# compare: train_acc abs=0.026
# compare: test_acc abs=0.19
import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

torch.manual_seed(0)

# --- activation functions and their derivatives
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
y = torch.relu(x)
y.backward(torch.ones_like(x), retain_graph=True)
relu_grad_sum = x.grad.sum().item()  # 1 for every x > 0
print("points:", x.shape[0], "relu'(x) summed:", relu_grad_sum)

x.grad.data.zero_()
y = torch.sigmoid(x)
y.backward(torch.ones_like(x), retain_graph=True)
sigmoid_grad_sum = x.grad.sum().item()
print("largest sigmoid'(x):", x.grad.max().item())

x.grad.data.zero_()
y = torch.tanh(x)
y.backward(torch.ones_like(x), retain_graph=True)
tanh_grad_sum = x.grad.sum().item()
print("largest tanh'(x):", x.grad.max().item())


# --- the data
def load_data_fashion_mnist(batch_size, workers=0):
    trans = transforms.Compose([transforms.ToTensor()])
    train = torchvision.datasets.FashionMNIST(root="../data", train=True, transform=trans, download=True)
    test = torchvision.datasets.FashionMNIST(root="../data", train=False, transform=trans, download=True)
    return (data.DataLoader(train, batch_size, shuffle=True, num_workers=workers),
            data.DataLoader(test, batch_size, shuffle=False, num_workers=workers))


batch_size = 64
train_iter, test_iter = load_data_fashion_mnist(batch_size)

# --- the model
num_inputs, num_outputs, num_hiddens = 784, 10, 256
W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens, requires_grad=True) * 0.01)
b1 = nn.Parameter(torch.zeros(num_hiddens, requires_grad=True))
W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs, requires_grad=True) * 0.01)
b2 = nn.Parameter(torch.zeros(num_outputs, requires_grad=True))
params = [W1, b1, W2, b2]


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def net(X):
    X = X.reshape((-1, num_inputs))
    H = relu(X @ W1 + b1)  # @ is matrix multiplication
    return H @ W2 + b2


loss = nn.CrossEntropyLoss(reduction="none")
num_epochs, lr = 5, 0.1
updater = torch.optim.SGD(params, lr=lr)


def correct(y_hat, y):
    return float((y_hat.argmax(axis=1) == y).sum())


for epoch in range(num_epochs):
    total_loss, total_right, seen = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        updater.zero_grad()
        l.mean().backward()
        updater.step()
        total_loss += l.sum().item()
        total_right += correct(y_hat, y)
        seen += y.numel()
    with torch.no_grad():
        right = sum(correct(net(X), y) for X, y in test_iter)
    test_acc = right / len(test_iter.dataset)
    print(f"epoch {epoch + 1}: loss {total_loss / seen:.4f}, train acc {total_right / seen:.3f}, "
          f"test acc {test_acc:.3f}")

print(f"RESULT n_points={x.shape[0]}")
print(f"RESULT relu_grad_sum={relu_grad_sum:.6f}")
print(f"RESULT sigmoid_grad_sum={sigmoid_grad_sum:.6f}")
print(f"RESULT tanh_grad_sum={tanh_grad_sum:.6f}")
print(f"RESULT train_loss={total_loss / seen:.6f}")
print(f"RESULT train_acc={total_right / seen:.6f}")
print(f"RESULT test_acc={test_acc:.6f}")
