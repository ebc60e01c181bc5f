# d2l_mlp_concise.py: the one-hidden-layer MLP on FashionMNIST again, with nn.Sequential.
#
# In the manner of Dive into Deep Learning, chapter "Concise Implementation of Multilayer
# Perceptrons" (PyTorch version). Original code written for this suite, in its own words and
# structure; nothing is copied from the book or its d2l package.
#
# What it does, as a reader of that chapter writes it:
#   - net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10));
#   - init_weights(m) with `type(m) == nn.Linear` and nn.init.normal_(m.weight, std=0.01),
#     applied with net.apply;
#   - batch_size, lr, num_epochs set on one line; nn.CrossEntropyLoss(reduction="none");
#     torch.optim.SGD(net.parameters(), lr=lr);
#   - the FashionMNIST loaders (DataLoader with shuffle=True and num_workers=...), a training
#     function that steps the optimizer on l.mean() and keeps loss and accuracy sums, and an
#     evaluation with net.eval() and torch.no_grad();
#   - counts the parameters with p.numel().
#
# Data: the suite's generated FashionMNIST (2,000 training and 500 test images; no download);
# 5 epochs at lr = 0.1, batches of 64 instead of 256 (so that an epoch is 32 steps).
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   train_loss 0.2388-0.2508 (4.9 %), train_acc 0.899-0.924, test_acc 0.820-0.952.
# compare: n_params exact
# compare: train_loss rel=0.074
# compare: train_acc abs=0.038
# compare: test_acc abs=0.2
import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

torch.manual_seed(0)

net = nn.Sequential(nn.Flatten(),
                    nn.Linear(784, 256),
                    nn.ReLU(),
                    nn.Linear(256, 10))


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


net.apply(init_weights)
n_params = sum(p.numel() for p in net.parameters())
print(net, f"\n{n_params} parameters")

batch_size, lr, num_epochs = 64, 0.1, 5
loss = nn.CrossEntropyLoss(reduction="none")
trainer = torch.optim.SGD(net.parameters(), lr=lr)

to_tensor = transforms.Compose([transforms.ToTensor()])
train_data = torchvision.datasets.FashionMNIST(root="../data", train=True, transform=to_tensor, download=True)
test_data = torchvision.datasets.FashionMNIST(root="../data", train=False, transform=to_tensor, download=True)
train_iter = data.DataLoader(train_data, batch_size, shuffle=True, num_workers=0)
test_iter = data.DataLoader(test_data, batch_size, shuffle=False, num_workers=0)


def evaluate(net, data_iter):
    net.eval()
    hits, count = 0, 0
    with torch.no_grad():
        for X, y in data_iter:
            hits += (net(X).argmax(dim=1) == y).sum().item()
            count += len(y)
    return hits / count


def train_one_epoch(net, data_iter, loss, trainer):
    net.train()
    loss_sum, hits, count = 0.0, 0, 0
    for X, y in data_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
        loss_sum += l.sum().item()
        hits += (y_hat.argmax(dim=1) == y).sum().item()
        count += len(y)
    return loss_sum / count, hits / count


history = []
for epoch in range(num_epochs):
    train_loss, train_acc = train_one_epoch(net, train_iter, loss, trainer)
    test_acc = evaluate(net, test_iter)
    history.append((train_loss, train_acc, test_acc))
    print(f"epoch {epoch + 1}: train loss {train_loss:.3f}, train acc {train_acc:.3f}, "
          f"test acc {test_acc:.3f}")

print(f"RESULT n_params={n_params}")
print(f"RESULT train_loss={history[-1][0]:.6f}")
print(f"RESULT train_acc={history[-1][1]:.6f}")
print(f"RESULT test_acc={history[-1][2]:.6f}")
