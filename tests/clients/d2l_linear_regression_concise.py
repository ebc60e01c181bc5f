# d2l_linear_regression_concise.py: the same linear regression with TensorDataset, nn.Linear, MSELoss and SGD.
#
# In the manner of Dive into Deep Learning, chapter "Concise Implementation of Linear
# Regression" (PyTorch version). Original code written for this suite, in its own words and
# structure; nothing is copied from the book or its d2l package.
#
# What it does, as a reader of that chapter writes it:
#   - synthetic data from torch.normal (features, and 0.01 noise on the labels);
#   - load_array(data_arrays, batch_size, is_train=True) = data.DataLoader(
#     data.TensorDataset(*data_arrays), batch_size, shuffle=is_train), and a first batch read
#     with next(iter(data_iter));
#   - net = nn.Sequential(nn.Linear(2, 1)), initialised through .data:
#     net[0].weight.data.normal_(0, 0.01) and net[0].bias.data.fill_(0);
#   - loss = nn.MSELoss(), trainer = torch.optim.SGD(net.parameters(), lr=0.03), the
#     zero_grad / backward / step loop, and the epoch's loss printed straight from the tensor
#     with f"epoch {epoch + 1}, loss {l:f}";
#   - the errors in estimating w and b from w = net[0].weight.data, b = net[0].bias.data.
#
# Data: 1,000 examples from torch.normal (they differ between the libraries: part of what
# the seed explains); batches of 10, 3 epochs.
# Spread of PyTorch's own results over seeds 0-9 (torch.manual_seed(s)):
#   final_loss 9.29e-5 to 1.057e-4 (MSELoss halves nothing: the noise's 0.01^2 = 1e-4),
#   w_error 0.0001-0.0011, b_error 0.00001-0.0012. init_bias is the 0 of .data.fill_(0).
# compare: final_loss abs=2e-5
# compare: w_error abs=0.0015
# compare: b_error abs=0.0018
# compare: init_bias exact
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)

true_w = torch.tensor([2, -3.4])
true_b = 4.2
features = torch.normal(0, 1, (1000, len(true_w)))
labels = torch.matmul(features, true_w) + true_b
labels += torch.normal(0, 0.01, labels.shape)
labels = labels.reshape((-1, 1))


def load_array(data_arrays, batch_size, is_train=True):
    """A PyTorch data iterator over tensors."""
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


batch_size = 10
data_iter = load_array((features, labels), batch_size)
print(next(iter(data_iter)))

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
init_bias = net[0].bias.item()

loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)

num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f"epoch {epoch + 1}, loss {l:f}")

w = net[0].weight.data
print("error in estimating w:", true_w - w.reshape(true_w.shape))
b = net[0].bias.data
print("error in estimating b:", true_b - b)

print(f"RESULT final_loss={l.item():.8f}")
print(f"RESULT w_error={(true_w - w.reshape(true_w.shape)).abs().max().item():.6f}")
print(f"RESULT b_error={abs(true_b - b.item()):.6f}")
print(f"RESULT init_bias={init_bias}")
