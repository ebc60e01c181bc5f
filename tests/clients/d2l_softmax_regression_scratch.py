# d2l_softmax_regression_scratch.py: softmax regression on FashionMNIST with every piece written by hand.
#
# In the manner of Dive into Deep Learning, chapter "Implementation of Softmax Regression from
# Scratch" (PyTorch version), with the helpers the book builds in "The Image Classification
# Dataset". Original code written for this suite, in its own words and structure; nothing is
# copied from the book or its d2l package.
#
# What it does, as a reader of that chapter writes it:
#   - a load_data_fashion_mnist(batch_size) helper: torchvision's FashionMNIST with
#     transforms.Compose([transforms.ToTensor()]) in data.DataLoader(..., shuffle=True,
#     num_workers=get_dataloader_workers());
#   - W = torch.normal(0, 0.01, size=(784, 10), requires_grad=True), b = torch.zeros(10,
#     requires_grad=True);
#   - softmax by hand: X_exp = torch.exp(X), partition = X_exp.sum(1, keepdim=True);
#     net(X) = softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b);
#   - cross-entropy by picking y_hat[range(len(y_hat)), y] and taking -torch.log;
#   - an Accumulator class, accuracy() with y_hat.argmax(axis=1) and .type(y.dtype),
#     evaluate_accuracy() with `isinstance(net, torch.nn.Module)` and torch.no_grad();
#   - train_epoch()/train() that either step a torch.optim.Optimizer or call a hand-written
#     sgd updater (param -= lr * param.grad / batch_size; param.grad.zero_());
#   - the small worked examples: softmax rows summing to 1, y_hat[[0, 1], y], the
#     cross-entropy and accuracy of a 2-row prediction;
#   - predictions for a few test images, printed with their text labels.
#
# Data: the suite's generated FashionMNIST (2,000 training and 500 test images; no download);
# 5 epochs at lr = 0.1, batch size 256.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   train_loss 0.3732-0.3777 (1.2 %), train_acc 0.894-0.937, test_acc 0.810-0.988 (the test
#   accuracy swings from epoch to epoch between look-alike classes of the generated data).
#   The worked examples are computed without randomness.
# compare: softmax_row_sum exact
# compare: picked_sum exact
# compare: toy_cross_entropy exact
# compare: toy_accuracy exact
# compare: train_loss rel=0.018
# compare: train_acc abs=0.065
# compare: test_acc abs=0.27
import torch
import torchvision
from torch.utils import data
from torchvision import transforms

torch.manual_seed(0)


def get_dataloader_workers():
    """Worker processes that read the images (the loader's own choice: a few)."""
    return 2


def load_data_fashion_mnist(batch_size):
    trans = transforms.Compose([transforms.ToTensor()])
    mnist_train = torchvision.datasets.FashionMNIST(
        root="../data", train=True, transform=trans, download=True)
    mnist_test = torchvision.datasets.FashionMNIST(
        root="../data", train=False, transform=trans, download=True)
    return (data.DataLoader(mnist_train, batch_size, shuffle=True, num_workers=get_dataloader_workers()),
            data.DataLoader(mnist_test, batch_size, shuffle=False, num_workers=get_dataloader_workers()))


def get_fashion_mnist_labels(labels):
    text_labels = ["t-shirt", "trouser", "pullover", "dress", "coat",
                   "sandal", "shirt", "sneaker", "bag", "ankle boot"]
    return [text_labels[int(i)] for i in labels]


batch_size = 256
train_iter, test_iter = load_data_fashion_mnist(batch_size)

num_inputs = 784
num_outputs = 10
W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)

X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(X.sum(0, keepdim=True), X.sum(1, keepdim=True))


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition  # broadcasting divides each row by its sum


X = torch.normal(0, 1, (2, 5))
X_prob = softmax(X)
print(X_prob, X_prob.sum(1))
softmax_row_sum = X_prob.sum().item()  # two rows of 1


def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)


y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
picked = y_hat[[0, 1], y]
print(picked)


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


toy_cross_entropy = cross_entropy(y_hat, y).sum().item()


def accuracy(y_hat, y):
    """How many predictions are right."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


toy_accuracy = accuracy(y_hat, y) / len(y)
print(cross_entropy(y_hat, y), toy_accuracy)


class Accumulator:
    """Running sums of n quantities."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def evaluate_accuracy(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)  # right predictions, predictions
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


print("accuracy before training:", evaluate_accuracy(net, test_iter))


def train_epoch(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)  # summed loss, right predictions, examples
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]


def train(net, train_iter, test_iter, loss, num_epochs, updater):
    for epoch in range(num_epochs):
        train_metrics = train_epoch(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        print(f"epoch {epoch + 1}: loss {train_metrics[0]:.4f}, train acc {train_metrics[1]:.3f}, "
              f"test acc {test_acc:.3f}")
    return train_metrics[0], train_metrics[1], test_acc


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


lr = 0.1


def updater(batch_size):
    return sgd([W, b], lr, batch_size)


num_epochs = 5
train_loss, train_acc, test_acc = train(net, train_iter, test_iter, cross_entropy, num_epochs, updater)

for X, y in test_iter:
    break
trues = get_fashion_mnist_labels(y)
preds = get_fashion_mnist_labels(net(X).argmax(axis=1))
for true, pred in list(zip(trues, preds))[:6]:
    print(f"{true:>10s} -> {pred}")

print(f"RESULT softmax_row_sum={softmax_row_sum:.6f}")
print(f"RESULT picked_sum={picked.sum().item():.6f}")
print(f"RESULT toy_cross_entropy={toy_cross_entropy:.6f}")
print(f"RESULT toy_accuracy={toy_accuracy}")
print(f"RESULT train_loss={train_loss:.6f}")
print(f"RESULT train_acc={train_acc:.6f}")
print(f"RESULT test_acc={test_acc:.6f}")
