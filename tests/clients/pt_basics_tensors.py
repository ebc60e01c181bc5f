# pt_basics_tensors.py: making tensors, their attributes, indexing, joining, arithmetic, NumPy bridge.
#
# In the manner of PyTorch's "Learn the Basics: Tensors". Original code written for this
# suite, in its own words and structure; nothing is copied from the tutorial.
#
# What it does, as a learner of that page writes it:
#   - makes tensors from a nested list (torch.tensor), from a NumPy array (torch.from_numpy),
#     from another tensor (torch.ones_like, torch.rand_like(..., dtype=torch.float)) and from
#     a shape tuple (torch.rand, torch.ones, torch.zeros);
#   - prints .shape, .dtype and .device, and moves the tensor to the accelerator when
#     torch.accelerator.is_available();
#   - indexes and slices (t[0], t[:, 0], t[..., -1], t[:, 1] = 0), joins with torch.cat;
#   - multiplies matrices three ways (@ with .T, .matmul, torch.matmul) and elementwise two
#     ways (*, .mul), sums to a one-element tensor and reads it with .item() (not with
#     out=: minitorch leaves out= arguments out on purpose);
#   - adds in place with add_ and sees that a tensor from .numpy() and an array given to
#     torch.from_numpy share their memory with the other side.
#
# Everything compared is computed without randomness (the random tensors are only printed).
# Spread over seeds: none for the compared values.
# compare: cat_shape0 exact
# compare: cat_shape1 exact
# compare: matmul_sum exact
# compare: three_ways_agree exact
# compare: elementwise_sum exact
# compare: agg exact
# compare: after_add_ exact
# compare: numpy_sees_add exact
# compare: tensor_sees_numpy exact
# compare: rand_in_unit exact
import numpy as np
import torch

torch.manual_seed(0)

# --- making tensors
data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
np_array = np.array(data)
x_np = torch.from_numpy(np_array)
print("from a list:", x_data, "from NumPy:", x_np, sep="\n")

x_ones = torch.ones_like(x_data)  # keeps shape and dtype of x_data
x_rand = torch.rand_like(x_data, dtype=torch.float)  # keeps the shape, new dtype
print(f"ones like:\n{x_ones}\nrandom like:\n{x_rand}")
rand_in_unit = int(bool((x_rand >= 0).all()) and bool((x_rand < 1).all()))

shape = (2, 3,)
print(torch.rand(shape), torch.ones(shape), torch.zeros(shape), sep="\n")

# --- attributes, and the device
tensor = torch.rand(3, 4)
print(f"shape {tensor.shape}, dtype {tensor.dtype}, stored on {tensor.device}")
if torch.accelerator.is_available():
    tensor = tensor.to(torch.accelerator.current_accelerator())

# --- indexing and slicing (a fixed tensor from here on)
tensor = torch.arange(1.0, 17.0).reshape(4, 4)
print("first row:", tensor[0])
print("first column:", tensor[:, 0])
print("last column:", tensor[..., -1])
tensor[:, 1] = 0
print(tensor)

# --- joining
t1 = torch.cat([tensor, tensor, tensor], dim=1)
print("cat along dim 1:", t1.shape)

# --- arithmetic
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
y3 = torch.matmul(tensor, tensor.T)
three_ways_agree = int(bool((y1 == y2).all()) and bool((y2 == y3).all()))
z1 = tensor * tensor
z2 = tensor.mul(tensor)
print("y1:", y1, "z1 == z2:", bool((z1 == z2).all()), sep="\n")

agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))

print(tensor, "\n")
tensor.add_(5)
print(tensor)

# --- the bridge with NumPy
t = torch.ones(5)
n = t.numpy()
t.add_(1)
print(f"t: {t}\nn: {n}")
numpy_sees_add = float(n.sum())  # 10.0 when n shares t's memory

n2 = np.ones(5)
t2 = torch.from_numpy(n2)
np.add(n2, 1, out=n2)
print(f"t2: {t2}\nn2: {n2}")
tensor_sees_numpy = t2.sum().item()  # 10.0 when t2 shares n2's memory

print(f"RESULT cat_shape0={t1.shape[0]}")
print(f"RESULT cat_shape1={t1.shape[1]}")
print(f"RESULT matmul_sum={y1.sum().item()}")
print(f"RESULT three_ways_agree={three_ways_agree}")
print(f"RESULT elementwise_sum={z1.sum().item()}")
print(f"RESULT agg={agg_item}")
print(f"RESULT after_add_={tensor.sum().item()}")
print(f"RESULT numpy_sees_add={numpy_sees_add}")
print(f"RESULT tensor_sees_numpy={tensor_sees_numpy}")
print(f"RESULT rand_in_unit={rand_in_unit}")
