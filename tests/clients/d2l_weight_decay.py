# d2l_weight_decay.py: overfitting a 200-input linear model on 20 examples, and L2 weight decay against it.
#
# In the manner of Dive into Deep Learning, chapter "Weight Decay" (PyTorch version): from
# scratch, then concisely. Original code written for this suite, in its own words and
# structure; nothing is copied from the book or its d2l package.
#
# What it does, as a reader of that chapter writes it:
#   - 20 training and 100 test examples of y = 0.05 + sum(0.01 x_i) + noise, 200 inputs,
#     made with torch.normal and served by data.DataLoader(data.TensorDataset(...));
#   - init_params(): w = torch.normal(0, 1, size=(200, 1), requires_grad=True) and a zero b;
#   - l2_penalty(w) = torch.sum(w.pow(2)) / 2, added as lambd * l2_penalty(w) to the squared
#     loss, with a hand-written sgd; the result reported as torch.norm(w).item();
#   - evaluate_loss() over a loader under torch.no_grad();
#   - the concise version: nn.Sequential(nn.Linear(200, 1)), every parameter re-drawn with
#     param.data.normal_(), nn.MSELoss(reduction="none"), and torch.optim.SGD with two
#     parameter groups, weight_decay on the weight only: [{"params": net[0].weight,
#     "weight_decay": wd}, {"params": net[0].bias}]; the norm from net[0].weight.norm().item().
#
# Data: as in the chapter (20 + 100 examples, batches of 5); 100 epochs at lr = 0.003 for each
# of the four runs (lambda = 0 and 3, by hand and with the optimizer's weight_decay).
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   by hand, lambda 0: norm of w 12.81-14.96, test loss 70.5-112.4; lambda 3: norm 0.317-0.378,
#   test loss 0.058-0.197; with weight_decay 0: norm 12.32-14.89; 3: norm 0.327-0.448. With
#   20 examples for 200 weights every number depends on the draw; what is checked is the
#   contrast: a norm near 13 without decay, near 0.36 with it.
# compare: scratch_norm_0 abs=3.2
# compare: scratch_norm_3 abs=0.09
# compare: scratch_test_loss_0 abs=63
# compare: scratch_test_loss_3 abs=0.21
# compare: concise_norm_0 abs=3.9
# compare: concise_norm_3 abs=0.18
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)

n_train, n_test, num_inputs, batch_size = 20, 100, 200, 5
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05


def make_data(n):
    X = torch.normal(0, 1, (n, num_inputs))
    y = torch.matmul(X, true_w) + true_b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def loader(arrays, shuffle):
    return data.DataLoader(data.TensorDataset(*arrays), batch_size, shuffle=shuffle)


train_iter = loader(make_data(n_train), shuffle=True)
test_iter = loader(make_data(n_test), shuffle=False)


def init_params():
    w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return [w, b]


def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def evaluate_loss(net, data_iter, loss):
    total, count = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            l = loss(net(X), y)
            total += l.sum().item()
            count += l.numel()
    return total / count


num_epochs, lr = 100, 0.003


def train(lambd):
    w, b = init_params()
    net, loss = lambda X: linreg(X, w, b), squared_loss
    for epoch in range(num_epochs):
        for X, y in train_iter:
            l = loss(net(X), y) + lambd * l2_penalty(w)  # the penalty broadcasts over the batch
            l.sum().backward()
            sgd([w, b], lr, batch_size)
        if (epoch + 1) % 20 == 0:
            print(f"  epoch {epoch + 1}: train {evaluate_loss(net, train_iter, loss):.5f}, "
                  f"test {evaluate_loss(net, test_iter, loss):.5f}")
    print(f"lambda = {lambd}: L2 norm of w: {torch.norm(w).item():.4f}")
    return torch.norm(w).item(), evaluate_loss(net, test_iter, loss)


scratch_norm_0, scratch_test_loss_0 = train(lambd=0)
scratch_norm_3, scratch_test_loss_3 = train(lambd=3)


def train_concise(wd):
    net = nn.Sequential(nn.Linear(num_inputs, 1))
    for param in net.parameters():
        param.data.normal_()
    loss = nn.MSELoss(reduction="none")
    trainer = torch.optim.SGD([
        {"params": net[0].weight, "weight_decay": wd},
        {"params": net[0].bias}], lr=lr)
    for epoch in range(num_epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            l = loss(net(X), y)
            l.mean().backward()
            trainer.step()
    print(f"weight_decay = {wd}: L2 norm of w: {net[0].weight.norm().item():.4f}, "
          f"test loss {evaluate_loss(net, test_iter, loss):.5f}")
    return net[0].weight.norm().item()


concise_norm_0 = train_concise(0)
concise_norm_3 = train_concise(3)

print(f"RESULT scratch_norm_0={scratch_norm_0:.6f}")
print(f"RESULT scratch_norm_3={scratch_norm_3:.6f}")
print(f"RESULT scratch_test_loss_0={scratch_test_loss_0:.6f}")
print(f"RESULT scratch_test_loss_3={scratch_test_loss_3:.6f}")
print(f"RESULT concise_norm_0={concise_norm_0:.6f}")
print(f"RESULT concise_norm_3={concise_norm_3:.6f}")
