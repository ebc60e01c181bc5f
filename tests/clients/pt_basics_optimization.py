# pt_basics_optimization.py: train and test a fully connected classifier on FashionMNIST with SGD.
#
# In the manner of PyTorch's "Learn the Basics: Optimizing model parameters". Original code
# written for this suite, in its own words and structure; nothing is copied from the tutorial.
#
# What it does, as a learner of that page writes it:
#   - datasets.FashionMNIST(..., transform=ToTensor()) for training and test, each in a
#     DataLoader(batch_size=64) (the training one shuffled);
#   - an nn.Module subclass: nn.Flatten, then nn.Sequential of Linear(784, 512), ReLU,
#     Linear(512, 512), ReLU, Linear(512, 10);
#   - hyperparameters as variables, nn.CrossEntropyLoss and torch.optim.SGD;
#   - a train_loop (model.train(), backward, step, zero_grad, printing
#     f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]") and a test_loop (model.eval(),
#     torch.no_grad(), correct += (pred.argmax(1) == y).type(torch.float).sum().item()).
#
# Data: the suite's generated FashionMNIST (2,000 training and 500 test images, 28x28, 10
# classes; no download); 3 epochs at a learning rate of 0.05 instead of 10 at 1e-3.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): test_accuracy
# 0.774-0.868 (the generated data has two pairs of look-alike classes, and how soon a run
# tells them apart varies); test_loss 0.439-0.483 (0.044).
# compare: test_accuracy abs=0.14
# compare: test_loss abs=0.066
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import ToTensor

torch.manual_seed(0)

training_data = datasets.FashionMNIST(root="data", train=True, download=True, transform=ToTensor())
test_data = datasets.FashionMNIST(root="data", train=False, download=True, transform=ToTensor())

learning_rate = 5e-2
batch_size = 64
epochs = 3

train_dataloader = DataLoader(training_data, batch_size=batch_size, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=batch_size)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layers = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        return self.layers(self.flatten(x))


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()  # no dropout or batch norm here, but it is the habit
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)

        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

        if batch % 10 == 0:
            loss, current = loss.item(), batch * batch_size + len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    model.eval()
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")
    return correct, test_loss


model = Classifier()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

for t in range(epochs):
    print(f"Epoch {t + 1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    accuracy, avg_loss = test_loop(test_dataloader, model, loss_fn)
print("Done!")
print(f"RESULT test_accuracy={accuracy:.4f}")
print(f"RESULT test_loss={avg_loss:.6f}")
