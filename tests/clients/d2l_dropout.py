# d2l_dropout.py: dropout written by hand, in a two-hidden-layer MLP, then with nn.Dropout.
#
# In the manner of Dive into Deep Learning, chapter "Dropout" (PyTorch version): from scratch,
# then concisely. Original code written for this suite, in its own words and structure;
# nothing is copied from the book or its d2l package.
#
# What it does, as a reader of that chapter writes it:
#   - dropout_layer(X, dropout): assert 0 <= dropout <= 1, torch.zeros_like(X) when
#     everything drops, X when nothing does, otherwise mask = (torch.rand(X.shape) >
#     dropout).float() and mask * X / (1.0 - dropout);
#   - tries it on X = torch.arange(16, dtype=torch.float32).reshape((2, 8)) with 0, 0.5, 1;
#   - an nn.Module "Net" with three nn.Linear layers and nn.ReLU, that applies dropout_layer
#     after each hidden layer only `if self.training == True`;
#   - the same as nn.Sequential(nn.Flatten(), nn.Linear, nn.ReLU(), nn.Dropout(0.2), ...,
#     nn.Dropout(0.5), nn.Linear), initialised with net.apply(init_weights)
#     (nn.init.normal_(m.weight, std=0.01));
#   - trains both with nn.CrossEntropyLoss(reduction="none") and torch.optim.SGD, evaluates
#     in net.eval() (where dropout is off, so two passes agree) under torch.no_grad().
#
# Data: the suite's generated FashionMNIST (2,000 training and 500 test images; no
# download); 4 epochs at lr = 0.5 with batches of 64 instead of 10 epochs of 256.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   by hand: test accuracy 0.774-0.896, train loss 0.255-0.325 (24 %); nn.Dropout: test
#   accuracy 0.786-0.896, train loss 0.279-0.321 (14 %). The small examples (nothing kept,
#   everything kept, the survivors scaled by 2, evaluation repeatable, training not) come
#   out the same whatever the draw.
# compare: keep_all_sum exact
# compare: drop_all_sum exact
# compare: half_kept_doubled exact
# compare: eval_repeatable exact
# compare: train_varies exact
# compare: scratch_test_acc abs=0.18
# compare: scratch_train_loss rel=0.36
# compare: concise_test_acc abs=0.165
# compare: concise_train_loss rel=0.21
import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

torch.manual_seed(0)


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:  # everything is dropped
        return torch.zeros_like(X)
    if dropout == 0:  # everything is kept
        return X
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)


X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print(X)
print(dropout_layer(X, 0.))
print(dropout_layer(X, 0.5))
print(dropout_layer(X, 1.))
keep_all_sum = dropout_layer(X, 0.).sum().item()
drop_all_sum = dropout_layer(X, 1.).sum().item()
half = dropout_layer(X, 0.5)
kept = half != 0
half_kept_doubled = int(bool((half[kept] == 2 * X[kept]).all()))  # what survives is scaled by 1 / (1 - 0.5)

num_inputs, num_outputs, num_hiddens1, num_hiddens2 = 784, 10, 256, 256
dropout1, dropout2 = 0.2, 0.5


class Net(nn.Module):
    def __init__(self, num_inputs, num_outputs, num_hiddens1, num_hiddens2, is_training=True):
        super(Net, self).__init__()
        self.num_inputs = num_inputs
        self.training = is_training
        self.lin1 = nn.Linear(num_inputs, num_hiddens1)
        self.lin2 = nn.Linear(num_hiddens1, num_hiddens2)
        self.lin3 = nn.Linear(num_hiddens2, num_outputs)
        self.relu = nn.ReLU()

    def forward(self, X):
        H1 = self.relu(self.lin1(X.reshape((-1, self.num_inputs))))
        if self.training == True:  # dropout only while training
            H1 = dropout_layer(H1, dropout1)
        H2 = self.relu(self.lin2(H1))
        if self.training == True:
            H2 = dropout_layer(H2, dropout2)
        return self.lin3(H2)


num_epochs, lr, batch_size = 4, 0.5, 64
loss = nn.CrossEntropyLoss(reduction="none")
trans = transforms.Compose([transforms.ToTensor()])
train_set = torchvision.datasets.FashionMNIST(root="../data", train=True, transform=trans, download=True)
test_set = torchvision.datasets.FashionMNIST(root="../data", train=False, transform=trans, download=True)
train_iter = data.DataLoader(train_set, batch_size, shuffle=True, num_workers=0)
test_iter = data.DataLoader(test_set, batch_size, shuffle=False, num_workers=0)


def test_accuracy(net):
    net.eval()
    with torch.no_grad():
        hits = sum(float((net(X).argmax(axis=1) == y).sum()) for X, y in test_iter)
    return hits / len(test_set)


def train(net, trainer):
    for epoch in range(num_epochs):
        net.train()
        total, count = 0.0, 0
        for X, y in train_iter:
            l = loss(net(X), y)
            trainer.zero_grad()
            l.mean().backward()
            trainer.step()
            total += float(l.sum())
            count += y.numel()
        acc = test_accuracy(net)
        print(f"epoch {epoch + 1}: train loss {total / count:.4f}, test acc {acc:.3f}")
    return total / count, acc


net = Net(num_inputs, num_outputs, num_hiddens1, num_hiddens2)
trainer = torch.optim.SGD(net.parameters(), lr=lr)
scratch_train_loss, scratch_test_acc = train(net, trainer)

# Dropout is random while training and off in evaluation.
X, _ = next(iter(test_iter))
net.train()
with torch.no_grad():
    train_varies = int(not bool((net(X) == net(X)).all()))
net.eval()
with torch.no_grad():
    eval_repeatable = int(bool((net(X) == net(X)).all()))

net = nn.Sequential(nn.Flatten(),
                    nn.Linear(784, 256),
                    nn.ReLU(),
                    nn.Dropout(dropout1),  # after the first hidden layer
                    nn.Linear(256, 256),
                    nn.ReLU(),
                    nn.Dropout(dropout2),  # after the second
                    nn.Linear(256, 10))


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


net.apply(init_weights)
trainer = torch.optim.SGD(net.parameters(), lr=lr)
concise_train_loss, concise_test_acc = train(net, trainer)

print(f"RESULT keep_all_sum={keep_all_sum}")
print(f"RESULT drop_all_sum={drop_all_sum}")
print(f"RESULT half_kept_doubled={half_kept_doubled}")
print(f"RESULT eval_repeatable={eval_repeatable}")
print(f"RESULT train_varies={train_varies}")
print(f"RESULT scratch_test_acc={scratch_test_acc:.6f}")
print(f"RESULT scratch_train_loss={scratch_train_loss:.6f}")
print(f"RESULT concise_test_acc={concise_test_acc:.6f}")
print(f"RESULT concise_train_loss={concise_train_loss:.6f}")
