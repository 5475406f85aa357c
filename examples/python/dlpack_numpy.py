"""The Python side of examples/dlpack_eigen: memory that zcbridge's C++ side
decoded goes to NumPy (and PyTorch, when it is installed) through DLPack, and
a NumPy array comes back as a View, each without a copy; the addresses
printed prove it."""
import gc
import pathlib

import numpy as np
import zcbridge

address = zcbridge._zcbridge._testing.address  # element [0]'s address, as C++ sees it
images = pathlib.Path(__file__).resolve().parent.parent / "data" / "images"


def numpy_address(array):
    return array.__array_interface__["data"][0]


print("1. a PNG decoded by C++ handed to NumPy as a DLPack tensor")
image = zcbridge.png.decode(images / "landscape_rgb8.png")  # C++ memory, (240, 320, 3) u1
where = address(image)
array = np.from_dlpack(image)
print(f"  View at {where:#x}, numpy.from_dlpack(View) at {numpy_address(array):#x}, "
      f"shape {array.shape}, strides {array.strides}")
assert numpy_address(array) == where and array.strides == tuple(image.strides)
expected_mean = float(array.mean())
del image  # the tensor holds the C++ owner: the array stays valid
gc.collect()
assert numpy_address(array) == where and float(array.mean()) == expected_mean
print(f"  View deleted, the array still reads the C++ pixels: mean {expected_mean:.1f}")

print("2. a NumPy array (a flipped crop of it) taken as a View through DLPack")
values = np.arange(48.0).reshape(6, 8)
crop = values[4:0:-1, 2:6]  # negative row stride, no copy in NumPy either
view = zcbridge.from_dlpack(crop)
print(f"  crop at {numpy_address(crop):#x}, View at {address(view):#x}, "
      f"strides {tuple(view.strides)}")
assert address(view) == numpy_address(crop) and tuple(view.strides) == crop.strides
np.asarray(view)[0, 0] = -1.0  # a write through the View lands in `values`
assert values[4, 2] == -1.0

try:
    import torch
except ImportError:
    print("3. PyTorch (python3-torch) is not installed: its part is left out")
else:
    print("3. the same C++ image handed to PyTorch")
    image = zcbridge.png.decode(images / "scan_gray8.png")
    tensor = torch.from_dlpack(image)
    print(f"  View at {address(image):#x}, tensor at {tensor.data_ptr():#x}, "
          f"shape {tuple(tensor.shape)}")
    assert tensor.data_ptr() == address(image)

print("no element was copied: every address above is shared")
